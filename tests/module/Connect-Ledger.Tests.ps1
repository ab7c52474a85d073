BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Connect-Ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'connect'
        # A second ledger with one event, so it is told apart from the empty default store.
        $script:Other = Join-Path $TestHome.Root 'other.db'
        Connect-Ledger -Path $Other
        New-LedgerIdentity 'alice' | Out-Null
        $script:OtherCheckpoint = Get-CheckpointText
        Disconnect-Ledger
    }

    It 'switches the session to the given store' {
        Get-CheckpointText | Should -Be $EmptyCheckpoint

        Connect-Ledger -Path $Other

        Get-CheckpointText | Should -Be $OtherCheckpoint
        (Get-LedgerIdentity -Name 'alice').Seq | Should -Be 1
    }

    It 'writes nothing without -PassThru' {
        Connect-Ledger -Path $Other | Should -BeNullOrEmpty
    }

    It 'reports the store, its kind and its checkpoint with -PassThru' {
        $connection = Connect-Ledger -Path $Other -PassThru

        $connection.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerConnection'
        $connection.Store | Should -Be $Other
        $connection.Kind | Should -Be 'SQLite'
        $connection.Checkpoint | Should -Be $OtherCheckpoint
    }

    It 'creates an empty ledger when the file does not exist' {
        $new = Join-Path $TestHome.Root 'new.db'

        $connection = Connect-Ledger $new -PassThru

        Test-Path -LiteralPath $new | Should -BeTrue
        $connection.Checkpoint | Should -Be $EmptyCheckpoint
    }

    It 'resolves a relative path against the current location' {
        Push-Location -LiteralPath $TestHome.Root
        try {
            $connection = Connect-Ledger './relative.db' -PassThru
        }
        finally {
            Pop-Location
        }

        $connection.Store | Should -Be (Join-Path $TestHome.Root 'relative.db')
        Test-Path -LiteralPath (Join-Path $TestHome.Root 'relative.db') | Should -BeTrue
    }

    It 'without -Path connects to CREATORLEDGER_STORE' {
        Connect-Ledger -Path (Join-Path $TestHome.Root 'third.db')
        $env:CREATORLEDGER_STORE = $Other

        $connection = Connect-Ledger -PassThru

        $connection.Store | Should -Be $Other
        $connection.Checkpoint | Should -Be $OtherCheckpoint
    }

    It 'refuses a text file with StoreUnavailable, leaves it untouched and keeps the previous store' {
        Connect-Ledger -Path $Other
        $text = Join-Path $TestHome.Root 'notes.db'
        Set-Content -LiteralPath $text -Value 'not an SQLite database'

        { Connect-Ledger -Path $text } | Should -Throw -ErrorId 'StoreUnavailable,CreatorLedger.PowerShell.Commands.ConnectLedgerCommand'

        Get-Content -LiteralPath $text | Should -Be 'not an SQLite database'
        Get-CheckpointText | Should -Be $OtherCheckpoint
    }

    It 'names the file and the problem in the StoreUnavailable error' {
        $text = Join-Path $TestHome.Root 'notes.db'
        Set-Content -LiteralPath $text -Value 'not an SQLite database'

        $record = { Connect-Ledger -Path $text } | Should -Throw -PassThru

        $record.Exception.Message | Should -BeLike "*$text*not*SQLite*"
        $record.CategoryInfo.Category | Should -Be 'OpenError'
    }

    It 'rejects an empty path' {
        { Connect-Ledger -Path '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.ConnectLedgerCommand'
    }
}
