# A journey: signed checkpoints travel with exports and mirrors, and a mirror refuses a fork, keeping the evidence.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Signed checkpoints in mirrors' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'mirror'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        New-LedgerIdentity 'operator' -Role operator | Out-Null
        $script:Signed = Publish-LedgerCheckpoint operator -Origin 'ledger.example/mirrored' -Confirm:$false
        $script:Mirror = Join-Path $TestHome.Root 'mirror.db'
    }

    It 'carries them in a file of their own beside an export, and an import keeps them' {
        $export = Join-Path $TestHome.Root 'ledger.jsonl'
        $result = Export-LedgerEvent $export -Confirm:$false

        $result.SignedCheckpoints | Should -Be 1
        $result.CheckpointsPath | Should -Be "$export.checkpoints"
        # The events file stays envelopes only.
        Get-Content -LiteralPath $export | ForEach-Object { ($_ | ConvertFrom-Json).sig | Should -Not -BeNullOrEmpty }
        Connect-Ledger (Join-Path $TestHome.Root 'imported.db') | Out-Null
        (Import-LedgerEvent $export -Confirm:$false).SignedCheckpoints | Should -Be 1
        (Get-LedgerCheckpoint -Signed).Note | Should -Be $Signed.Note
    }

    It 'refuses an import whose checkpoints file holds a changed note, writing nothing' {
        $export = Join-Path $TestHome.Root 'ledger.jsonl'
        Export-LedgerEvent $export -Confirm:$false | Out-Null
        $sidecar = "$export.checkpoints"
        $text = Get-Content -LiteralPath $sidecar -Raw
        $changed = $text.Replace("mirrored\n$($Signed.Size)\n", "mirrored\n$($Signed.Size - 1)\n")
        $changed | Should -Not -Be $text
        Set-Content -LiteralPath $sidecar -Value $changed -NoNewline
        Connect-Ledger (Join-Path $TestHome.Root 'imported.db') | Out-Null

        { Import-LedgerEvent $export -Confirm:$false } | Should -Throw -ErrorId 'NotVerified,*'
        (Get-LedgerCheckpoint).Size | Should -Be 0
    }

    It 'copies them to a mirror, which then refuses a source serving another ledger of the same size, saving both notes' {
        (Sync-Ledger $TestHome.Store $Mirror -Confirm:$false).SignedCheckpoints | Should -Be 1
        # The operator signs a second ledger of the same size: the first 14 events and another one.
        $export = Join-Path $TestHome.Root 'all.jsonl'
        Export-LedgerEvent $export -Confirm:$false | Out-Null
        $prefix = Join-Path $TestHome.Root 'prefix.jsonl'
        Get-Content $export -TotalCount ($Signed.Size - 1) | Set-Content $prefix
        $fork = Join-Path $TestHome.Root 'fork.db'
        Connect-Ledger $fork | Out-Null
        Import-LedgerEvent $prefix -Confirm:$false | Out-Null
        New-LedgerIdentity 'mallory' | Out-Null
        $forked = Publish-LedgerCheckpoint operator -Origin 'ledger.example/mirrored' -Confirm:$false
        $forked.Size | Should -Be $Signed.Size
        Disconnect-Ledger

        $thrown = $null
        try { Sync-Ledger $fork $Mirror -Confirm:$false } catch { $thrown = $_ }

        $thrown.FullyQualifiedErrorId | Should -BeLike 'ForkDetected,*'
        $folder = $thrown.TargetObject
        $thrown.Exception.Message | Should -BeLike "*$folder*"
        Get-Content -LiteralPath (Join-Path $folder 'held.note') -Raw | Should -Be $Signed.Note
        Get-Content -LiteralPath (Join-Path $folder 'served.note') -Raw | Should -Be $forked.Note
        Connect-Ledger $Mirror | Out-Null
        (Get-LedgerCheckpoint).Text | Should -Be $Signed.Checkpoint
        @(Get-LedgerCheckpoint -Signed -All).Count | Should -Be 1
    }

    It 'refuses a source whose newest checkpoint does not extend the one the mirror verified' {
        Sync-Ledger $TestHome.Store $Mirror -Confirm:$false | Out-Null
        # Another ledger, longer, from the same operator: its newest checkpoint is no extension of the mirror's.
        Connect-Ledger (Join-Path $TestHome.Root 'longer.db') | Out-Null
        Get-Content (Get-VectorFile 'ledger-v1.jsonl') -TotalCount 5 | Set-Content (Join-Path $TestHome.Root 'five.jsonl')
        Import-LedgerEvent (Join-Path $TestHome.Root 'five.jsonl') -Confirm:$false | Out-Null
        1..12 | ForEach-Object { New-LedgerIdentity "filler$_" | Out-Null }
        $longer = Publish-LedgerCheckpoint operator -Origin 'ledger.example/mirrored' -Confirm:$false
        $longer.Size | Should -BeGreaterThan $Signed.Size
        Disconnect-Ledger

        { Sync-Ledger (Join-Path $TestHome.Root 'longer.db') $Mirror -Confirm:$false } | Should -Throw -ErrorId 'ForkDetected,*'
        Connect-Ledger $Mirror | Out-Null
        (Get-LedgerCheckpoint).Text | Should -Be $Signed.Checkpoint
    }

    It 'refuses a source whose checkpoints another key signed' {
        Sync-Ledger $TestHome.Store $Mirror -Confirm:$false | Out-Null
        New-LedgerIdentity 'impostor' -Role operator | Out-Null
        Connect-Ledger (Join-Path $TestHome.Root 'other.db') | Out-Null
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        Publish-LedgerCheckpoint impostor -Origin 'ledger.example/mirrored' -Confirm:$false | Out-Null
        Disconnect-Ledger

        { Sync-Ledger (Join-Path $TestHome.Root 'other.db') $Mirror -Confirm:$false } | Should -Throw -ErrorId 'LogKeyMismatch,*'
    }
}
