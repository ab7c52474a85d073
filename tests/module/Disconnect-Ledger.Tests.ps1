BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Disconnect-Ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'disconnect'
    }

    It 'writes nothing' {
        Disconnect-Ledger | Should -BeNullOrEmpty
    }

    It 'can be called when no store is open' {
        Disconnect-Ledger
        { Disconnect-Ledger } | Should -Not -Throw
    }

    It 'makes the next command reopen the store named by CREATORLEDGER_STORE' {
        New-LedgerIdentity 'alice' | Out-Null
        $first = Get-CheckpointText
        $env:CREATORLEDGER_STORE = Join-Path $TestHome.Root 'second.db'

        # Still connected: the session keeps the store it opened.
        Get-CheckpointText | Should -Be $first
        Disconnect-Ledger

        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'drops a store chosen with Connect-Ledger' {
        $chosen = Join-Path $TestHome.Root 'chosen.db'
        Connect-Ledger $chosen
        New-LedgerIdentity 'alice' | Out-Null

        Disconnect-Ledger

        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Connect-Ledger $chosen -PassThru | ForEach-Object Checkpoint | Should -Not -Be $EmptyCheckpoint
    }

    It 'keeps what was written: reconnecting shows the same checkpoint' {
        New-LedgerIdentity 'alice' | Out-Null
        $written = Get-CheckpointText

        Disconnect-Ledger

        Get-CheckpointText | Should -Be $written
        Test-LedgerIntegrity | ForEach-Object Valid | Should -BeTrue
    }
}
