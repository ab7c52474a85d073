BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test: alice granted twice on her work, bob granted once on his.
    $script:Template = New-LedgerTestHome 'revoke-template'
    New-LedgerIdentity 'alice' | Out-Null
    New-LedgerIdentity 'bob' | Out-Null
    $files = New-SampleFiles -Path (Join-Path $TestDrive 'art') -Count 2
    Register-LedgerWork -LiteralPath $files[0].FullName -Identity 'alice' | Out-Null
    Register-LedgerWork -LiteralPath $files[1].FullName -Identity 'bob' | Out-Null
    $script:AliceGrant = Get-LedgerWork -Owner 'alice' | Grant-LedgerLicense -Identity 'alice' -Licensee '*' -Use 'ai-train' -Confirm:$false
    $script:AliceGrant2 = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee 'bob' -Use 'search' -Confirm:$false
    $script:BobGrant = Get-LedgerWork -Owner 'bob' | Grant-LedgerLicense -Identity 'bob' -Licensee '*' -Use 'tdm' -Confirm:$false
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Revoke-LedgerLicense' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
        $script:Before = Get-CheckpointText
    }

    It 'revokes a grant now: returns the revocation and the grant shows Revoked' {
        $start = [DateTimeOffset]::UtcNow.AddSeconds(-1)

        $revocation = Revoke-LedgerLicense -Grant $AliceGrant.GrantId -Identity 'alice' -Reason 'changed my mind' -Confirm:$false

        $revocation.PSObject.TypeNames | Should -Contain 'CreatorLedger.Revocation'
        $revocation.GrantId | Should -Be $AliceGrant.GrantId
        $revocation.Reason | Should -Be 'changed my mind'
        $revocation.Signer | Should -Be $AliceGrant.Owner
        $revocation.Effective | Should -BeGreaterThan $start
        $grant = Get-LedgerLicense -Grant $AliceGrant.GrantId
        $grant.Status | Should -Be 'Revoked'
        $grant.RevocationId | Should -Be $revocation.RevocationId
    }

    It 'appends one LicenseRevoked event naming the grant' {
        $revocation = Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Confirm:$false

        (Get-LedgerCheckpoint).Size | Should -Be 8
        $event = Get-LedgerEvent -Type 'LicenseRevoked'
        $event.Id | Should -Be $revocation.RevocationId
        ($event.Data | ConvertFrom-Json).grant | Should -Be $AliceGrant.GrantId
    }

    It 'revokes from a later -Effective time: the grant stays active until then' {
        $effective = [datetime]::UtcNow.AddDays(30)

        $revocation = Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Effective $effective -Confirm:$false

        $revocation.Effective.UtcDateTime | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(29))
        $grant = Get-LedgerLicense -Grant $AliceGrant.GrantId
        $grant.Status | Should -Be 'Active'
        $grant.RevokedEffective | Should -Be $revocation.Effective
    }

    It 'revokes grants piped from Get-LedgerLicense' {
        $revocations = Get-LedgerLicense -Owner 'alice' | Revoke-LedgerLicense -Identity 'alice' -Confirm:$false

        $revocations | Should -HaveCount 2
        (Get-LedgerLicense -Owner 'alice').Status | Sort-Object -Unique | Should -Be 'Revoked'
        (Get-LedgerLicense -Owner 'bob').Status | Should -Be 'Active'
    }

    It 'reports revoking twice as non-terminating AlreadyRevoked and writes nothing' {
        Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Confirm:$false | Out-Null
        $before = Get-CheckpointText

        $again = Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $again | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'AlreadyRevoked,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-CheckpointText | Should -Be $before
    }

    It 'reports a grant made by someone else as GrantNotOwned and writes nothing' {
        { Revoke-LedgerLicense $BobGrant.GrantId -Identity 'alice' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GrantNotOwned,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
        (Get-LedgerLicense -Grant $BobGrant.GrantId).Status | Should -Be 'Active'
    }

    It 'does not let the licensee revoke a grant made to them' {
        { Revoke-LedgerLicense $AliceGrant2.GrantId -Identity 'bob' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GrantNotOwned,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'reports an unknown grant id as GrantNotFound' {
        { Revoke-LedgerLicense ('0' * 64) -Identity 'alice' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GrantNotFound,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'reports a text that is not a grant id as GrantNotFound' {
        { Revoke-LedgerLicense 'grant-1' -Identity 'alice' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'GrantNotFound,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'
    }

    It 'refuses an -Effective time in the past (never retroactive) with InvalidWindow' {
        { Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Effective ([datetime]::UtcNow.AddDays(-1)) -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidWindow,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
        (Get-LedgerLicense -Grant $AliceGrant.GrantId).Status | Should -Be 'Active'
    }

    It 'revokes the grants it can and reports the others' {
        $revocations = $BobGrant.GrantId, $AliceGrant.GrantId | Revoke-LedgerLicense -Identity 'alice' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $revocations.GrantId | Should -Be $AliceGrant.GrantId
        $problems.FullyQualifiedErrorId | Should -Be 'GrantNotOwned,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'
    }

    It 'refuses a wrong passphrase with WrongPassphrase, writing nothing' {
        { Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -Confirm:$false -Passphrase (ConvertTo-TestSecureString 'wrong') } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses an identity without a key file with IdentityNotFound' {
        { Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'carol' -Confirm:$false } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RevokeLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'with -WhatIf revokes nothing' {
        Revoke-LedgerLicense $AliceGrant.GrantId -Identity 'alice' -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $Before
        (Get-LedgerLicense -Grant $AliceGrant.GrantId).Status | Should -Be 'Active'
    }
}
