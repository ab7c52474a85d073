BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test. alice's stream: 1 IdentityCreated, 2 and 3 WorkRegistered (first key),
    # 4 KeyRotated to her second key. bob exists to have a key alice never used.
    $script:Template = New-LedgerTestHome 'revokekey-template'
    $script:Alice = New-LedgerIdentity 'alice'
    $script:Bob = New-LedgerIdentity 'bob'
    $script:Files = New-SampleFiles -Path (Join-Path $TestDrive 'art') -Count 3
    Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'alice' | Out-Null
    Register-LedgerWork -LiteralPath $Files[1].FullName -Identity 'alice' | Out-Null
    $script:SecondKey = (Update-LedgerIdentity 'alice' -RotateKey -Confirm:$false).Key
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Revoke-LedgerKey' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
    }

    Context 'declaring the first key compromised after seq 2' {
        BeforeEach {
            $script:Declared = Revoke-LedgerKey -Identity 'alice' -Key $Alice.Key -LastValidSeq 2 -Confirm:$false
        }

        It 'returns the KeyCompromised event, signed by the current key' {
            $Declared.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerEvent'
            $Declared.Type | Should -Be 'KeyCompromised'
            $Declared.Stream | Should -Be $Alice.Did
            $Declared.Seq | Should -Be 5
            $Declared.Key | Should -Be $SecondKey
            $data = $Declared.Data | ConvertFrom-Json
            $data.key | Should -Be $Alice.Key
            $data.lastValidSeq | Should -Be 2
        }

        It 'appends exactly that event to the ledger' {
            $Declared.Position | Should -Be ((Get-LedgerCheckpoint).Size)
            (Get-LedgerEvent -Type 'KeyCompromised').Id | Should -Be $Declared.Id
        }

        It 'voids what the old key signed after seq 2 and keeps what it signed before' {
            $works = (Get-LedgerWork -Owner 'alice').Digest

            $works | Should -Contain (Get-FileSha256Digest $Files[0].FullName)
            $works | Should -Not -Contain (Get-FileSha256Digest $Files[1].FullName)
        }

        It 'leaves a ledger that verifies' {
            (Test-LedgerIntegrity).Valid | Should -BeTrue
        }

        It 'lets alice keep signing with her current key' {
            Register-LedgerWork -LiteralPath $Files[2].FullName -Identity 'alice' | Should -HaveCount 1
            (Get-LedgerWork -Owner 'alice').Digest | Should -Contain (Get-FileSha256Digest $Files[2].FullName)
        }
    }

    It 'with -WhatIf writes nothing' {
        $before = Get-CheckpointText

        Revoke-LedgerKey -Identity 'alice' -Key $Alice.Key -LastValidSeq 2 -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses the key that would sign the declaration (a key cannot revoke itself), writing nothing' {
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity 'alice' -Key $SecondKey -LastValidSeq 2 -Confirm:$false } |
            Should -Throw -ErrorId 'EventRejected,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a key the identity never used, writing nothing' {
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity 'alice' -Key $Bob.Key -LastValidSeq 1 -Confirm:$false } |
            Should -Throw -ErrorId 'EventRejected,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a last valid seq that is not before the declaration, writing nothing' {
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity 'alice' -Key $Alice.Key -LastValidSeq 99 -Confirm:$false } |
            Should -Throw -ErrorId 'EventRejected,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a negative -LastValidSeq' {
        { Revoke-LedgerKey -Identity 'alice' -Key $Alice.Key -LastValidSeq -1 -Confirm:$false } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'
    }

    It 'refuses a -Key that is not a did:key, writing nothing' {
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity 'alice' -Key 'alice-old-key' -LastValidSeq 2 -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidKey,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a wrong passphrase with WrongPassphrase, writing nothing' {
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity 'alice' -Key $Alice.Key -LastValidSeq 2 -Confirm:$false -Passphrase (ConvertTo-TestSecureString 'wrong') } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses an identity without a key file with IdentityNotFound' {
        { Revoke-LedgerKey -Identity 'carol' -Key $Alice.Key -LastValidSeq 2 -Confirm:$false } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'
    }

    It 'refuses a key file that is not one with NotAKeyFile, writing nothing' {
        Set-Content -LiteralPath (Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key')) -Value '{ "not": "a key" }'
        $before = Get-CheckpointText

        { Revoke-LedgerKey -Identity $Alice.Did -Key $Alice.Key -LastValidSeq 2 -Confirm:$false } |
            Should -Throw -ErrorId 'NotAKeyFile,CreatorLedger.PowerShell.Commands.RevokeLedgerKeyCommand'

        Get-CheckpointText | Should -Be $before
    }
}
