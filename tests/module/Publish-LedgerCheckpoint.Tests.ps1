BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Publish-LedgerCheckpoint' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'publish'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        New-LedgerIdentity 'operator' -Role operator | Out-Null
    }

    It 'signs the head as a C2SP checkpoint note under the origin it fixes, and keeps it' {
        $head = Get-LedgerCheckpoint
        $signed = Publish-LedgerCheckpoint operator -Origin 'ledger.example/creatorledger' -Confirm:$false

        $signed.PSObject.TypeNames | Should -Contain 'CreatorLedger.SignedCheckpoint'
        $signed.Checkpoint | Should -Be $head.Text
        $signed.Origin | Should -Be 'ledger.example/creatorledger'
        $root = [Convert]::ToBase64String([Convert]::FromHexString($head.Root))
        $signed.Note | Should -BeLike "ledger.example/creatorledger`n$($head.Size)`n$root`n`n— ledger.example/creatorledger *`n"
        $signed.LogKey | Should -Match '^ledger\.example/creatorledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$'
        $signed.Witnesses | Should -BeNullOrEmpty
        (Get-LedgerCheckpoint -Signed).Note | Should -Be $signed.Note
    }

    It 'keeps the origin it fixed, and signs each new head once' {
        Publish-LedgerCheckpoint operator -Origin 'ledger.example/creatorledger' -Confirm:$false | Out-Null
        Publish-LedgerCheckpoint operator -Confirm:$false | Out-Null
        New-LedgerIdentity 'bob' | Out-Null

        $second = Publish-LedgerCheckpoint operator -Confirm:$false

        $second.Origin | Should -Be 'ledger.example/creatorledger'
        $second.Size | Should -Be ((Get-LedgerCheckpoint).Size)
        @(Get-LedgerCheckpoint -Signed -All).Size | Should -Be @(13, 14)
    }

    It 'refuses a first checkpoint without -Origin, another origin later, and another operator''s key, keeping nothing' {
        { Publish-LedgerCheckpoint operator -Confirm:$false } | Should -Throw -ErrorId 'OriginRequired,CreatorLedger.PowerShell.Commands.PublishLedgerCheckpointCommand'
        { Publish-LedgerCheckpoint operator -Origin 'has space' -Confirm:$false } | Should -Throw -ErrorId 'OriginRequired,*'
        Publish-LedgerCheckpoint operator -Origin 'ledger.example/creatorledger' -Confirm:$false | Out-Null
        New-LedgerIdentity 'mallory' | Out-Null

        { Publish-LedgerCheckpoint operator -Origin 'ledger.example/other' -Confirm:$false } | Should -Throw -ErrorId 'OriginMismatch,*'
        { Publish-LedgerCheckpoint mallory -Confirm:$false } | Should -Throw -ErrorId 'LogKeyMismatch,*'
        @(Get-LedgerCheckpoint -Signed -All).Count | Should -Be 1
    }

    It 'says so when nothing was signed yet' {
        $result = Get-LedgerCheckpoint -Signed -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotSigned,*'
    }
}
