BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerCheckpoint' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'checkpoint'
    }

    It 'reports size 0 and the SHA-256 of nothing for an empty ledger' {
        $checkpoint = Get-LedgerCheckpoint

        $checkpoint.PSObject.TypeNames | Should -Contain 'CreatorLedger.Checkpoint'
        $checkpoint.Size | Should -Be 0
        $checkpoint.Root | Should -Be 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
        $checkpoint.Text | Should -Be $EmptyCheckpoint
        "$checkpoint" | Should -Be $checkpoint.Text
    }

    It 'creates the store file named by CREATORLEDGER_STORE' {
        Get-LedgerCheckpoint | Out-Null

        Test-Path -LiteralPath $TestHome.Store | Should -BeTrue
    }

    It 'reproduces the independent implementation''s checkpoint after the first <Size> vector events' -ForEach @(
        @{ Size = 1 }, @{ Size = 2 }, @{ Size = 3 }, @{ Size = 5 }, @{ Size = 7 }, @{ Size = 8 }, @{ Size = 12 }
    ) {
        $expected = (Get-VectorExpectation).checkpoints."$Size"
        $prefix = Join-Path $TestHome.Root 'prefix.jsonl'
        Get-Content -LiteralPath (Get-VectorFile 'ledger-v1.jsonl') -TotalCount $Size | Set-Content -LiteralPath $prefix
        Import-LedgerEvent $prefix | Out-Null

        $checkpoint = Get-LedgerCheckpoint
        $checkpoint.Size | Should -Be $Size
        $checkpoint.Text | Should -Be $expected
    }

    It 'grows by one per signed event and changes its root' {
        $before = Get-LedgerCheckpoint
        New-LedgerIdentity 'alice' | Out-Null

        $after = Get-LedgerCheckpoint
        $after.Size | Should -Be ($before.Size + 1)
        $after.Root | Should -Not -Be $before.Root
        $after.Text | Should -Be ('{0}:{1}' -f $after.Size, $after.Root)
    }

    It 'fails with StoreUnavailable when the store file is not SQLite' {
        Set-Content -LiteralPath $TestHome.Store -Value 'this is a text file, not a ledger'
        Disconnect-Ledger

        { Get-LedgerCheckpoint } | Should -Throw -ErrorId 'StoreUnavailable,CreatorLedger.PowerShell.Commands.GetLedgerCheckpointCommand'
        Get-Content -LiteralPath $TestHome.Store | Should -Be 'this is a text file, not a ledger'
    }
}
