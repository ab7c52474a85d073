BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test: alice holds works 1-2, bob holds work 3, dana is a developer;
    # work 4 is not registered.
    $script:Template = New-LedgerTestHome 'grant-template'
    $script:Alice = New-LedgerIdentity 'alice'
    $script:Bob = New-LedgerIdentity 'bob'
    $script:Dana = New-LedgerIdentity 'dana' -Role developer
    $script:Files = New-SampleFiles -Path (Join-Path $TestDrive 'art') -Count 4
    $script:Digests = $Files | ForEach-Object { Get-FileSha256Digest $_.FullName }
    $Files[0..1] | Register-LedgerWork -Identity 'alice' | Out-Null
    Register-LedgerWork -LiteralPath $Files[2].FullName -Identity 'bob' | Out-Null
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Grant-LedgerLicense' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
        $script:Before = Get-CheckpointText
    }

    Context 'a grant with terms' {
        BeforeEach {
            $script:From = [datetime]::new(2030, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
            $script:Until = [datetime]::new(2031, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
            $script:Granted = Grant-LedgerLicense -Work $Digests[0], $Digests[1] -Identity 'alice' -Licensee 'dana' -Use 'ai-train', 'ai-input' `
                -Commercial -From $From -Until $Until -Territory 'DE', 'FR' -Fee 0.05 -Currency 'EUR' -Per 'work' -Attribution `
                -TermsUrl 'https://alice.example/terms' -TermsSha256 ('ab' * 32) -Confirm:$false
        }

        It 'returns the grant with everything it says' {
            $Granted.PSObject.TypeNames | Should -Contain 'CreatorLedger.Grant'
            $Granted.GrantId | Should -Match '^[0-9a-f]{64}$'
            $Granted.Owner | Should -Be $Alice.Did
            $Granted.Signer | Should -Be $Alice.Did
            $Granted.Works | Should -Be @($Digests[0], $Digests[1])
            $Granted.Licensee | Should -Be $Dana.Did
            $Granted.LicenseeName | Should -Be 'dana'
            $Granted.Uses | Should -Be @('ai-train', 'ai-input')
            $Granted.Commercial | Should -BeTrue
            $Granted.From | Should -Be ([DateTimeOffset]$From)
            $Granted.Until | Should -Be ([DateTimeOffset]$Until)
            $Granted.Territories | Should -Be @('DE', 'FR')
            $Granted.Attribution | Should -BeTrue
            $Granted.Status | Should -Be 'NotYetValid'
        }

        It 'appends one LicenseGranted event whose id is the grant id, with the terms in the signed data' {
            # 3 identities, alice's two works in one registration, bob's one, and the grant.
            (Get-LedgerCheckpoint).Size | Should -Be 6
            $event = Get-LedgerEvent -Type 'LicenseGranted'
            $event.Id | Should -Be $Granted.GrantId
            $event.Stream | Should -Be $Alice.Did
            $data = $event.Data | ConvertFrom-Json -DateKind String
            $data.licensee | Should -Be $Dana.Did
            $data.from | Should -Be '2030-01-01T00:00:00.000Z'
            $data.until | Should -Be '2031-01-01T00:00:00.000Z'
            $data.terms.fee.amount | Should -Be '0.05'
            $data.terms.fee.currency | Should -Be 'EUR'
            $data.terms.fee.per | Should -Be 'work'
            $data.terms.url | Should -Be 'https://alice.example/terms'
            $data.terms.sha256 | Should -Be ('ab' * 32)
        }

        It 'is listed by Get-LedgerLicense' {
            (Get-LedgerLicense -Grant $Granted.GrantId).Works | Should -Be @($Digests[0], $Digests[1])
        }
    }

    It 'grants on works piped from Get-LedgerWork' {
        $grant = Get-LedgerWork -Owner 'alice' | Grant-LedgerLicense -Identity 'alice' -Licensee '*' -Use 'ai-train' -Confirm:$false

        $grant | Should -HaveCount 1
        ($grant.Works | Sort-Object) | Should -Be ($Digests[0..1] | Sort-Object)
        $grant.Licensee | Should -Be '*'
        $grant.Status | Should -Be 'Active'
    }

    It 'grants on every work with -AllWorks' {
        $grant = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'search' -Confirm:$false

        $grant.Works | Should -Be @('*')
        ((Get-LedgerEvent -Type 'LicenseGranted').Data | ConvertFrom-Json).works | Should -Be '*'
    }

    It 'accepts the licensee as a did:key, even one not on this ledger' {
        $stranger = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'

        (Grant-LedgerLicense -Work $Digests[0] -Identity 'alice' -Licensee $stranger -Use 'tdm' -Confirm:$false).Licensee | Should -Be $stranger
    }

    It 'refuses <Case> with <Id>, writing nothing' -ForEach @(
        @{ Case = 'a work registered by someone else'; Id = 'WorkNotOwned'; Arguments = @{ Work = 'bob-work' } }
        @{ Case = 'a work that is not registered'; Id = 'WorkNotFound'; Arguments = @{ Work = 'unregistered' } }
        @{ Case = 'an unknown use'; Id = 'UnknownUse'; Arguments = @{ Use = 'ai-bake' } }
        @{ Case = 'an unknown licensee'; Id = 'InvalidLicensee'; Arguments = @{ Licensee = 'nobody-here' } }
        @{ Case = '-Until before -From'; Id = 'InvalidWindow'; Arguments = @{ From = '2030-06-01'; Until = '2030-05-01' } }
        @{ Case = '-Until equal to -From'; Id = 'InvalidWindow'; Arguments = @{ From = '2030-06-01'; Until = '2030-06-01' } }
        @{ Case = 'a territory that is not ISO 3166-1 alpha-2'; Id = 'InvalidTerms'; Arguments = @{ Territory = 'Germany' } }
        @{ Case = 'a fee without a currency'; Id = 'InvalidTerms'; Arguments = @{ Fee = 1 } }
        @{ Case = 'a currency without a fee'; Id = 'InvalidTerms'; Arguments = @{ Currency = 'EUR' } }
        @{ Case = 'a negative fee'; Id = 'InvalidTerms'; Arguments = @{ Fee = -1; Currency = 'EUR' } }
        @{ Case = 'a terms hash that is not 64 hex digits'; Id = 'InvalidTerms'; Arguments = @{ TermsSha256 = 'abc' } }
        @{ Case = 'an identity without a key file'; Id = 'IdentityNotFound'; Arguments = @{ Identity = 'carol' } }
        @{ Case = 'a wrong passphrase'; Id = 'WrongPassphrase'; Arguments = @{ Passphrase = 'wrong' } }
    ) {
        $parameters = @{ Work = $Digests[0]; Identity = 'alice'; Licensee = 'dana'; Use = 'ai-train'; Confirm = $false }
        foreach ($name in $Arguments.Keys) { $parameters[$name] = $Arguments[$name] }
        if ($parameters.Work -eq 'bob-work') { $parameters.Work = $Digests[2] }
        if ($parameters.Work -eq 'unregistered') { $parameters.Work = $Digests[3] }
        if ($parameters.Passphrase) { $parameters.Passphrase = ConvertTo-TestSecureString $parameters.Passphrase }

        { Grant-LedgerLicense @parameters } | Should -Throw -ErrorId "$Id,CreatorLedger.PowerShell.Commands.GrantLedgerLicenseCommand"

        Get-CheckpointText | Should -Be $Before
    }

    It 'names the known uses when refusing an unknown one' {
        $record = { Grant-LedgerLicense -Work $Digests[0] -Identity 'alice' -Licensee '*' -Use 'ai-bake' -Confirm:$false } | Should -Throw -PassThru

        $record.Exception.Message | Should -BeLike "*'ai-bake'*ai-train.genai*"
    }

    It 'refuses a key file that is not one with NotAKeyFile, writing nothing' {
        Set-Content -LiteralPath (Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key')) -Value 'junk'

        { Grant-LedgerLicense -Work $Digests[0] -Identity $Alice.Did -Licensee '*' -Use 'tdm' -Confirm:$false } |
            Should -Throw -ErrorId 'NotAKeyFile,CreatorLedger.PowerShell.Commands.GrantLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses a disputed work''s grant by neither claimant' {
        Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'bob' -WarningAction SilentlyContinue | Out-Null
        $before = Get-CheckpointText

        { Grant-LedgerLicense -Work $Digests[0] -Identity 'dana' -Licensee '*' -Use 'tdm' -Confirm:$false } |
            Should -Throw -ErrorId 'WorkNotOwned,CreatorLedger.PowerShell.Commands.GrantLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'reports a text that is not a digest as InvalidWork and grants on the valid works' {
        $grant = Grant-LedgerLicense -Work 'fox.png', $Digests[1] -Identity 'alice' -Licensee '*' -Use 'tdm' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidWork,CreatorLedger.PowerShell.Commands.GrantLedgerLicenseCommand'
        $grant.Works | Should -Be @($Digests[1])
    }

    It 'refuses the whole grant when one of its works is not the signer''s' {
        { Grant-LedgerLicense -Work $Digests[0], $Digests[2] -Identity 'alice' -Licensee '*' -Use 'tdm' -Confirm:$false } |
            Should -Throw -ErrorId 'WorkNotOwned,CreatorLedger.PowerShell.Commands.GrantLedgerLicenseCommand'

        Get-CheckpointText | Should -Be $Before
    }

    It 'with -WhatIf grants nothing' {
        Grant-LedgerLicense -Work $Digests[0] -Identity 'alice' -Licensee '*' -Use 'tdm' -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $Before
    }
}
