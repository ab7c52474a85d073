BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test: alice with one registered work.
    $script:Template = New-LedgerTestHome 'rotate-template'
    $script:Alice = New-LedgerIdentity 'alice'
    $script:Art = Join-Path $TestDrive 'art'
    $script:Files = New-SampleFiles -Path $Art -Count 3
    Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'alice' | Out-Null
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Update-LedgerIdentity -RotateKey' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
        $script:KeyFile = Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key')
    }

    Context 'a rotation' {
        BeforeEach {
            $script:KeyBefore = Get-FileHash -LiteralPath $KeyFile
            $script:Rotated = Update-LedgerIdentity -Identity 'alice' -RotateKey -Confirm:$false
        }

        It 'returns the identity with a new key and the same did' {
            $Rotated.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerIdentity'
            $Rotated.Did | Should -Be $Alice.Did
            $Rotated.Key | Should -Match '^did:key:z6Mk'
            $Rotated.Key | Should -Not -Be $Alice.Key
            $Rotated.Seq | Should -Be 3
            $Rotated.KeyFile | Should -Be $KeyFile
        }

        It 'appends a KeyRotated event signed by the old key that names the new one' {
            $event = Get-LedgerEvent -Type 'KeyRotated'

            $event | Should -HaveCount 1
            $event.Stream | Should -Be $Alice.Did
            $event.Key | Should -Be $Alice.Key
            ($event.Data | ConvertFrom-Json).next | Should -Be $Rotated.Key
        }

        It 'replaces the key file with one holding the new key' {
            (Get-FileHash -LiteralPath $KeyFile).Hash | Should -Not -Be $KeyBefore.Hash
            Get-Content -LiteralPath $KeyFile -Raw | Should -Match ([regex]::Escape($Rotated.Key))
            (Get-ChildItem -LiteralPath $TestHome.Keys -File) | Should -HaveCount 1
        }

        It 'makes Get-LedgerIdentity show the new key' {
            (Get-LedgerIdentity -Name 'alice').Key | Should -Be $Rotated.Key
        }

        It 'signs later events with the new key, under the same passphrase' {
            $work = Register-LedgerWork -LiteralPath $Files[1].FullName -Identity 'alice' -Passphrase (ConvertTo-TestSecureString $TestPassphraseText)

            $work | Should -HaveCount 1
            (Get-LedgerEvent -First 1 -After 3).Key | Should -Be $Rotated.Key
            (Test-LedgerIntegrity).Valid | Should -BeTrue
        }

        It 'can rotate again' {
            $again = Update-LedgerIdentity -Identity 'alice' -RotateKey -Confirm:$false

            $again.Key | Should -Not -Be $Rotated.Key
            $again.Key | Should -Not -Be $Alice.Key
            (Get-LedgerEvent -Type 'KeyRotated') | Should -HaveCount 2
            (Test-LedgerIntegrity).Valid | Should -BeTrue
        }

        It 'keeps works registered with the old key' {
            (Get-LedgerWork -Owner 'alice').Digest | Should -Be (Get-FileSha256Digest $Files[0].FullName)
        }
    }

    It 'takes the identity from the pipeline (Get-LedgerIdentity | Update-LedgerIdentity)' {
        $rotated = Get-LedgerIdentity -Name 'alice' | Update-LedgerIdentity -RotateKey -Confirm:$false

        $rotated.Key | Should -Not -Be $Alice.Key
        (Get-LedgerCheckpoint).Size | Should -Be 3
    }

    It 'accepts the identity''s did' {
        (Update-LedgerIdentity -Identity $Alice.Did -RotateKey -Confirm:$false).Did | Should -Be $Alice.Did
    }

    It 'refuses a key file restored from before the rotation, writing nothing' {
        $backup = Join-Path $TestHome.Root 'backup.key'
        Copy-Item -LiteralPath $KeyFile -Destination $backup
        Update-LedgerIdentity -Identity 'alice' -RotateKey -Confirm:$false | Out-Null
        Copy-Item -LiteralPath $backup -Destination $KeyFile -Force
        $before = Get-CheckpointText

        # The old key no longer speaks for alice.
        { Register-LedgerWork -LiteralPath $Files[1].FullName -Identity 'alice' } |
            Should -Throw -ErrorId 'KeyNotCurrent,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'
        { Update-LedgerIdentity -Identity 'alice' -RotateKey -Confirm:$false } |
            Should -Throw -ErrorId 'KeyNotCurrent,CreatorLedger.PowerShell.Commands.UpdateLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'with -WhatIf changes neither the ledger nor the key file' {
        $before = Get-CheckpointText
        $keys = Get-KeyFolderState $TestHome

        Update-LedgerIdentity -Identity 'alice' -RotateKey -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $before
        Get-KeyFolderState $TestHome | Should -Be $keys
    }

    It 'refuses a wrong passphrase with WrongPassphrase, changing nothing' {
        $before = Get-CheckpointText
        $keys = Get-KeyFolderState $TestHome

        { Update-LedgerIdentity -Identity 'alice' -RotateKey -Confirm:$false -Passphrase (ConvertTo-TestSecureString 'wrong') } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.UpdateLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $before
        Get-KeyFolderState $TestHome | Should -Be $keys
    }

    It 'refuses an identity without a key file with IdentityNotFound' {
        $before = Get-CheckpointText

        { Update-LedgerIdentity -Identity 'nobody' -RotateKey -Confirm:$false } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.UpdateLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a key file that is not one with NotAKeyFile, changing nothing' {
        Set-Content -LiteralPath $KeyFile -Value 'junk'
        $before = Get-CheckpointText

        { Update-LedgerIdentity -Identity $Alice.Did -RotateKey -Confirm:$false } |
            Should -Throw -ErrorId 'NotAKeyFile,CreatorLedger.PowerShell.Commands.UpdateLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $before
        Get-Content -LiteralPath $KeyFile | Should -Be 'junk'
    }
}
