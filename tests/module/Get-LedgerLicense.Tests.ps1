BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerLicense on the vectors' {
    BeforeAll {
        $script:TestHome = New-LedgerTestHome 'getlicense-vectors'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        $script:Expected = Get-VectorExpectation
        $script:AliceGrantId = 'b6fc9896f30421178f9a2f1559c0c6e20003aa20fca78ba6c9fe4cd7b785c968'
        $script:BobGrantId = '60374881e7b579cfe8a41e948c7bff4344d94d0258cac4ffb21ec346c36d90e8'
    }

    It 'lists every grant in ledger order' {
        $grants = Get-LedgerLicense

        $grants.GrantId | Should -Be @($AliceGrantId, $BobGrantId)
        $grants | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'CreatorLedger.Grant' }
    }

    It 'shows what alice''s grant says and when its revocation takes effect' {
        $grant = Get-LedgerLicense -Grant $AliceGrantId

        $grant.Owner | Should -Be $Expected.identities.alice.did
        $grant.OwnerName | Should -Be 'Alice Example'
        $grant.Works | Should -Be @($Expected.works.w1, $Expected.works.w2)
        $grant.Licensee | Should -Be '*'
        $grant.Uses | Should -Be 'ai-train'
        $grant.Commercial | Should -BeFalse
        $grant.Attribution | Should -BeTrue
        $grant.From | Should -Be ([DateTimeOffset]'2026-02-01T00:00:00Z')
        $grant.Until | Should -Be ([DateTimeOffset]'2027-02-01T00:00:00Z')
        $grant.RevokedEffective | Should -Be ([DateTimeOffset]'2026-06-01T00:00:00Z')
        $grant.RevocationId | Should -Be '4499a854550d31acf4aa780ed624c2dcbdd3912fa912010d22c44bc82e310500'
    }

    It 'shows what bob''s grant says: every work, one licensee, fee and territories' {
        $grant = Get-LedgerLicense -Grant $BobGrantId

        $grant.Works | Should -Be @('*')
        $grant.Licensee | Should -Be $Expected.identities.dana.did
        $grant.LicenseeName | Should -Be 'Dana Labs'
        $grant.Uses | Should -Be @('ai-train.genai', 'ai-input')
        $grant.Commercial | Should -BeTrue
        $grant.Territories | Should -Be @('DE', 'FR', 'SE')
        $grant.Fee | Should -BeLike '0.05 EUR*work*'
        $grant.Until | Should -BeNullOrEmpty
        $grant.RevocationId | Should -BeNullOrEmpty
    }

    It 'matches a grant id in any case' {
        (Get-LedgerLicense -Grant $BobGrantId.ToUpperInvariant()).GrantId | Should -Be $BobGrantId
    }

    It 'filters by -Owner' {
        (Get-LedgerLicense -Owner 'Bob Example').GrantId | Should -Be $BobGrantId
        (Get-LedgerLicense -Owner $Expected.identities.alice.did).GrantId | Should -Be $AliceGrantId
    }

    It 'with -Licensee ''*'' lists only grants to anyone' {
        (Get-LedgerLicense -Licensee '*').GrantId | Should -Be $AliceGrantId
    }

    It 'with -Licensee lists the grants that cover that licensee, including grants to anyone' {
        (Get-LedgerLicense -Licensee 'Dana Labs').GrantId | Should -Be @($AliceGrantId, $BobGrantId)
        (Get-LedgerLicense -Licensee 'Alice Example').GrantId | Should -Be $AliceGrantId
    }

    It 'with -Work lists grants naming the work and blanket grants by its owner' {
        (Get-LedgerLicense -Work $Expected.works.w3).GrantId | Should -Be $BobGrantId
        (Get-LedgerLicense -Work $Expected.works.w2).GrantId | Should -Be $AliceGrantId
    }

    It 'takes -Work from piped works' {
        $grants = Get-LedgerWork -Work $Expected.works.w3 | Get-LedgerLicense

        $grants.GrantId | Should -Be $BobGrantId
    }

    It 'writes nothing for a work without grants' {
        Get-LedgerLicense -Work ('sha256:' + '1' * 64) | Should -BeNullOrEmpty
    }

    It 'refuses an unknown -Owner with IdentityNotFound' {
        { Get-LedgerLicense -Owner 'carol' } | Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerLicenseCommand'
    }

    It 'refuses an unknown -Licensee with IdentityNotFound' {
        { Get-LedgerLicense -Licensee 'carol' } | Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerLicenseCommand'
    }

    It 'refuses a -Work that is not a digest with InvalidWork' {
        { Get-LedgerLicense -Work 'sunrise.png' } | Should -Throw -ErrorId 'InvalidWork,CreatorLedger.PowerShell.Commands.GetLedgerLicenseCommand'
    }

    It 'refuses an unknown -Status' {
        { Get-LedgerLicense -Status 'Pending' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.GetLedgerLicenseCommand'
    }
}

Describe 'Get-LedgerLicense -Status' {
    BeforeAll {
        # One grant in each status, with windows relative to now so the statuses do not depend on the date.
        $script:TestHome = New-LedgerTestHome 'getlicense-status'
        New-LedgerIdentity 'alice' | Out-Null
        $now = [datetime]::UtcNow
        $script:Active = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'tdm' -Confirm:$false
        $script:Future = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'tdm' -From $now.AddYears(1) -Confirm:$false
        $script:Expired = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'tdm' -From $now.AddDays(-10) -Until $now.AddDays(-5) -Confirm:$false
        $script:Revoked = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'tdm' -Confirm:$false
        Revoke-LedgerLicense $Revoked.GrantId -Identity 'alice' -Confirm:$false | Out-Null
    }

    It 'reports each grant''s status now' {
        (Get-LedgerLicense -Grant $Active.GrantId).Status | Should -Be 'Active'
        (Get-LedgerLicense -Grant $Future.GrantId).Status | Should -Be 'NotYetValid'
        (Get-LedgerLicense -Grant $Expired.GrantId).Status | Should -Be 'Expired'
        (Get-LedgerLicense -Grant $Revoked.GrantId).Status | Should -Be 'Revoked'
    }

    It 'filters by -Status <_>' -ForEach 'Active', 'NotYetValid', 'Expired', 'Revoked' {
        $wanted = @{ Active = $Active; NotYetValid = $Future; Expired = $Expired; Revoked = $Revoked }[$_]

        (Get-LedgerLicense -Status $_).GrantId | Should -Be $wanted.GrantId
    }

    It 'accepts several statuses' {
        (Get-LedgerLicense -Status 'Active', 'Revoked').GrantId | Should -Be @($Active.GrantId, $Revoked.GrantId)
    }
}
