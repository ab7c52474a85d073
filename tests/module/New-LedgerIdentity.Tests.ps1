BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'New-LedgerIdentity' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'newid'
    }

    Context 'creating an identity' {
        BeforeEach {
            $script:Alice = New-LedgerIdentity -Name 'alice' -Role creator -Contact 'alice@example.org'
        }

        It 'returns the identity with a did:key id that is also its first key' {
            $Alice.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerIdentity'
            $Alice.Name | Should -Be 'alice'
            $Alice.Role | Should -Be 'creator'
            $Alice.Contact | Should -Be 'alice@example.org'
            $Alice.Did | Should -Match '^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$'
            $Alice.Key | Should -Be $Alice.Did
            $Alice.Seq | Should -Be 1
            $Alice.HasKeyFile | Should -BeTrue
        }

        It 'writes the key file under CREATORLEDGER_HOME/keys, named by the did' {
            $Alice.KeyFile | Should -Be (Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key'))
            Test-Path -LiteralPath $Alice.KeyFile | Should -BeTrue
        }

        It 'never writes the passphrase into the key file' {
            $content = Get-Content -LiteralPath $Alice.KeyFile -Raw
            $content | Should -Not -Match ([regex]::Escape($TestPassphraseText))
            $content | Should -Match ([regex]::Escape($Alice.Did))
        }

        It 'makes the key file readable by its owner only' -Skip:$IsWindows {
            (Get-Item -LiteralPath $Alice.KeyFile).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }

        It 'appends one IdentityCreated event, seq 1 of its own stream' {
            $events = @(Get-LedgerEvent)
            $events.Count | Should -Be 1
            $events[0].Type | Should -Be 'IdentityCreated'
            $events[0].Stream | Should -Be $Alice.Did
            $events[0].Seq | Should -Be 1
            $data = $events[0].Data | ConvertFrom-Json
            $data.name | Should -Be 'alice'
            $data.role | Should -Be 'creator'
            $data.contact | Should -Be 'alice@example.org'
        }

        It 'leaves a ledger that verifies' {
            (Test-LedgerIntegrity).Valid | Should -BeTrue
        }

        It 'refuses a second identity with the same name (any case) with IdentityExists, writing nothing' {
            $before = Get-CheckpointText
            $keys = Get-KeyFolderState $TestHome

            { New-LedgerIdentity -Name 'ALICE' } | Should -Throw -ErrorId 'IdentityExists,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'

            Get-CheckpointText | Should -Be $before
            Get-KeyFolderState $TestHome | Should -Be $keys
        }

        It 'gives every identity its own did' {
            $bob = New-LedgerIdentity -Name 'bob'

            $bob.Did | Should -Not -Be $Alice.Did
            (Get-LedgerCheckpoint).Size | Should -Be 2
        }
    }

    It 'defaults the role to creator and accepts developer and society' {
        (New-LedgerIdentity 'carol').Role | Should -Be 'creator'
        (New-LedgerIdentity 'dana labs' -Role developer).Role | Should -Be 'developer'
        (New-LedgerIdentity 'society.one' -Role society).Role | Should -Be 'society'
    }

    It 'rejects an unknown role before writing anything' {
        { New-LedgerIdentity 'carol' -Role 'admin' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'
        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'rejects the name <Name>' -ForEach @(
        @{ Name = 'a/b' }, @{ Name = '../escape' }, @{ Name = ' leading space' }, @{ Name = '' }
    ) {
        { New-LedgerIdentity -Name $Name } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'
        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Test-Path -LiteralPath $TestHome.Keys | Should -BeFalse
    }

    It 'records a recovery key given as a did:key' {
        $recovery = New-LedgerIdentity 'recovery'

        New-LedgerIdentity 'alice' -RecoveryKey $recovery.Did | Out-Null

        $data = (Get-LedgerEvent -Stream 'alice').Data | ConvertFrom-Json
        $data.recoveryKey | Should -Be $recovery.Did
    }

    It 'refuses a recovery key that is not a did:key, writing nothing' {
        { New-LedgerIdentity 'alice' -RecoveryKey 'not-a-did' } | Should -Throw -ErrorId 'InvalidKey,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Get-KeyFolderState $TestHome | Should -Be ''
    }

    It 'seals the key with -Passphrase when given, so only that passphrase opens it' {
        $own = ConvertTo-TestSecureString 'a different passphrase'
        New-LedgerIdentity 'alice' -Passphrase $own | Out-Null
        New-SampleFiles -Path (Join-Path $TestHome.Root 'art') -Count 1 | Out-Null
        $before = Get-CheckpointText

        { Register-LedgerWork -Path (Join-Path $TestHome.Root 'art') -Identity 'alice' } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'
        Get-CheckpointText | Should -Be $before

        Register-LedgerWork -Path (Join-Path $TestHome.Root 'art') -Identity 'alice' -Passphrase $own | Should -HaveCount 1
    }

    It 'refuses an empty passphrase with PassphraseRequired, writing nothing' {
        { New-LedgerIdentity 'alice' -Passphrase (New-Object securestring) } |
            Should -Throw -ErrorId 'PassphraseRequired,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'

        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Get-KeyFolderState $TestHome | Should -Be ''
    }

    It 'with -WhatIf writes neither a key file nor an event' {
        New-LedgerIdentity 'alice' -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Get-KeyFolderState $TestHome | Should -Be ''
    }

    It 'leaves no key file behind when the store cannot be written' {
        Set-Content -LiteralPath $TestHome.Store -Value 'not a database'
        Disconnect-Ledger

        { New-LedgerIdentity 'alice' } | Should -Throw -ErrorId 'StoreUnavailable,CreatorLedger.PowerShell.Commands.NewLedgerIdentityCommand'

        Get-KeyFolderState $TestHome | Should -Be ''
    }
}
