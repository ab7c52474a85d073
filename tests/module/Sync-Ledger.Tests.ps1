BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Sync-Ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'sync'
    }

    It 'mirrors a JSON Lines export into a SQLite file, reproducing its checkpoint, and copies nothing the second time' {
        $mirror = Join-Path $TestHome.Root 'mirror.db'
        $expected = (Get-VectorExpectation).checkpoints.PSObject.Properties | Sort-Object { [int]$_.Name } | Select-Object -Last 1

        $result = Sync-Ledger (Get-VectorFile 'ledger-v1.jsonl') $mirror -Confirm:$false

        $result.PSObject.TypeNames | Should -Contain 'CreatorLedger.SyncResult'
        $result.Copied | Should -Be ([int]$expected.Name)
        $result.Checkpoint | Should -Be $expected.Value
        (Sync-Ledger (Get-VectorFile 'ledger-v1.jsonl') $mirror -Confirm:$false).Copied | Should -Be 0
    }

    It 'refuses a destination that is not a mirror of the source, and leaves it as it was' {
        New-LedgerIdentity 'someone' | Out-Null
        $before = Get-CheckpointText
        { Sync-Ledger (Get-VectorFile 'ledger-v1.jsonl') -Confirm:$false } | Should -Throw -ErrorId 'CheckpointMismatch*'
        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a bad file whole' {
        $mirror = Join-Path $TestHome.Root 'mirror.db'
        { Sync-Ledger (Get-VectorFile 'bad-signature.jsonl') $mirror -Confirm:$false } | Should -Throw -ErrorId 'EventRejected*'
    }
}

Describe 'A society''s ledger on PostgreSQL, mirrored to a developer''s SQLite file' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'server'
    }

    It 'works with every cmdlet unchanged, then a developer syncs it and checks a dataset offline with the same answers' {
        $server = New-TestPostgresDatabase
        Connect-Ledger -ConnectionString $server
        New-LedgerIdentity 'ada' | Out-Null
        New-LedgerIdentity 'lab' -Role developer | Out-Null
        $files = New-SampleFiles -Path (Join-Path $TestHome.Root 'data') -Count 3
        $files | Register-LedgerWork -Identity ada | Out-Null
        Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false | Out-Null
        $online = Test-LedgerLicense -LiteralPath $files.FullName -Use ai-train.genai -Licensee lab
        (Test-LedgerIntegrity).Valid | Should -BeTrue
        $checkpoint = Get-CheckpointText

        $mirror = Join-Path $TestHome.Root 'mirror.db'
        $sync = Sync-Ledger $server $mirror -Confirm:$false
        # 2 identities, 1 registration listing the 3 works, 1 grant.
        $sync.Copied | Should -Be 4
        Connect-Ledger $mirror
        Get-CheckpointText | Should -Be $checkpoint
        $offline = Test-LedgerLicense -LiteralPath $files.FullName -Use ai-train.genai -Licensee lab -Checkpoint $checkpoint
        $offline.Decision | Should -Be $online.Decision
        $offline.GrantIds | Should -Be $online.GrantIds
        @($offline | Where-Object Decision -EQ 'Licensed').Count | Should -Be 3
    }

    It 'names the server, never the password, when it cannot be reached' {
        $e = { Connect-Ledger -ConnectionString 'Host=127.0.0.1;Port=1;Database=none;Username=x;Password=hunter2-secret;Timeout=2' } |
            Should -Throw -ErrorId 'StoreUnavailable*' -PassThru
        $e.Exception.Message | Should -BeLike '*127.0.0.1:1/none*cannot be reached*'
        ($e | Out-String) | Should -Not -BeLike '*hunter2-secret*'
    }
}
