BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:VectorFile = Get-VectorFile 'ledger-v1.jsonl'
    $script:Expected = Get-VectorExpectation
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Test-LedgerIntegrity of the connected store' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'integrity'
    }

    It 'finds an empty ledger valid' {
        $report = Test-LedgerIntegrity

        $report.PSObject.TypeNames | Should -Contain 'CreatorLedger.IntegrityReport'
        $report.Valid | Should -BeTrue
        $report.Events | Should -Be 0
        $report.Checkpoint | Should -Be $EmptyCheckpoint
        $report.Problems | Should -BeNullOrEmpty
    }

    It 'finds the imported vectors valid and reports their checkpoint' {
        Import-LedgerEvent $VectorFile | Out-Null

        $report = Test-LedgerIntegrity -WarningVariable warnings

        $report.Valid | Should -BeTrue
        $report.Events | Should -Be 12
        $report.Streams | Should -Be 3
        $report.Checkpoint | Should -Be $Expected.checkpoints.'12'
        $warnings | Should -BeNullOrEmpty
    }

    It 'finds a ledger written here valid, checkpoint equal to the store''s head' {
        New-LedgerIdentity 'alice' | Out-Null
        New-SampleFiles -Path (Join-Path $TestHome.Root 'art') -Count 3 | Register-LedgerWork -Identity 'alice' | Out-Null

        $report = Test-LedgerIntegrity

        $report.Valid | Should -BeTrue
        # The identity and one registration listing the 3 works.
        $report.Events | Should -Be 2
        $report.Checkpoint | Should -Be (Get-CheckpointText)
    }

    It 'detects an event changed inside the store file' {
        Import-LedgerEvent $VectorFile | Out-Null
        Disconnect-Ledger
        # Tamper the way an attacker with the file would: bypass the append-only trigger and edit a title.
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$($TestHome.Store)")
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = "DROP TRIGGER events_refuse_update; " +
            "UPDATE events SET envelope = CAST(replace(CAST(envelope AS TEXT), 'A short story', 'A short storz') AS BLOB) WHERE position = 6;"
            $command.ExecuteNonQuery() | Should -Be 1
        }
        finally {
            $connection.Dispose()
            [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()
        }

        $report = Test-LedgerIntegrity -WarningVariable warnings -WarningAction SilentlyContinue

        $report.Valid | Should -BeFalse
        $report.Problems[0].Position | Should -Be 6
        $report.Problems[0].Code | Should -Be 'BadSignature'
        $report.Problems.Code | Should -Contain 'CheckpointMismatch'
        $warnings | Should -Not -BeNullOrEmpty
    }

    It 'does not change the ledger' {
        Import-LedgerEvent $VectorFile | Out-Null
        Test-LedgerIntegrity | Out-Null
        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }
}

Describe 'Test-LedgerIntegrity -Path' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'integrity-path'
    }

    It 'finds the vectors file valid, with their checkpoint' {
        $report = Test-LedgerIntegrity -Path $VectorFile

        $report.Valid | Should -BeTrue
        $report.Events | Should -Be 12
        $report.Streams | Should -Be 3
        $report.Checkpoint | Should -Be $Expected.checkpoints.'12'
    }

    It 'reads the file only: the connected store stays empty' {
        Test-LedgerIntegrity -Path $VectorFile | Out-Null

        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'finds <File> invalid, first problem <Code> at line <Line>, with a warning' -ForEach @(
        @{ File = 'bad-signature.jsonl'; Line = 4; Code = 'BadSignature' }
        @{ File = 'bad-missing-event.jsonl'; Line = 6; Code = 'SeqGap' }
        @{ File = 'bad-reordered.jsonl'; Line = 4; Code = 'SeqGap' }
        @{ File = 'bad-fork.jsonl'; Line = 13; Code = 'Fork' }
        @{ File = 'bad-wrong-key.jsonl'; Line = 13; Code = 'WrongKey' }
        @{ File = 'bad-rotated-key.jsonl'; Line = 13; Code = 'WrongKey' }
        @{ File = 'bad-time-backwards.jsonl'; Line = 13; Code = 'TimeBackwards' }
        @{ File = 'bad-non-integer.jsonl'; Line = 13; Code = 'Malformed' }
    ) {
        $report = Test-LedgerIntegrity -Path (Get-VectorFile $File) -WarningVariable warnings -WarningAction SilentlyContinue

        $report.Valid | Should -BeFalse
        $report.Problems[0].Position | Should -Be $Line
        $report.Problems[0].Code | Should -Be $Code
        $report.Problems[0].Message | Should -Not -BeNullOrEmpty
        $warnings.Count | Should -Be $report.Problems.Count
    }

    It 'finds a file whose last line was cut in half invalid at that line' {
        $lines = Get-Content -LiteralPath $VectorFile
        $truncated = Join-Path $TestHome.Root 'truncated.jsonl'
        Set-Content -LiteralPath $truncated -Value ($lines[0..10] + $lines[-1].Substring(0, 100))

        $report = Test-LedgerIntegrity -Path $truncated -WarningAction SilentlyContinue

        $report.Valid | Should -BeFalse
        $report.Problems[0].Position | Should -Be 12
        $report.Problems[0].Code | Should -Be 'Malformed'
    }

    It 'refuses a missing file with PathNotFound' {
        { Test-LedgerIntegrity -Path (Join-Path $TestHome.Root 'missing.jsonl') } |
            Should -Throw -ErrorId 'PathNotFound,CreatorLedger.PowerShell.Commands.TestLedgerIntegrityCommand'
    }
}
