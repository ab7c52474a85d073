BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:VectorFile = Get-VectorFile 'ledger-v1.jsonl'
    $script:Expected = Get-VectorExpectation
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Import-LedgerEvent of the vectors' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'import'
    }

    It 'imports all 12 events and reaches the checkpoint the vectors give' {
        $result = Import-LedgerEvent -Path $VectorFile

        $result.PSObject.TypeNames | Should -Contain 'CreatorLedger.ImportResult'
        $result.Path | Should -Be $VectorFile
        $result.Read | Should -Be 12
        $result.Imported | Should -Be 12
        $result.AlreadyPresent | Should -Be 0
        $result.Checkpoint | Should -Be $Expected.checkpoints.'12'
        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }

    It 'is a no-op the second time: Imported 0, AlreadyPresent 12, checkpoint unchanged' {
        Import-LedgerEvent -Path $VectorFile | Out-Null

        $again = Import-LedgerEvent -Path $VectorFile

        $again.Read | Should -Be 12
        $again.Imported | Should -Be 0
        $again.AlreadyPresent | Should -Be 12
        $again.Checkpoint | Should -Be $Expected.checkpoints.'12'
        (Get-LedgerCheckpoint).Size | Should -Be 12
    }

    It 'imports only what is missing when part of the file is already there' {
        $prefix = Join-Path $TestHome.Root 'prefix.jsonl'
        Get-Content -LiteralPath $VectorFile -TotalCount 7 | Set-Content -LiteralPath $prefix
        Import-LedgerEvent -Path $prefix | Out-Null
        Get-CheckpointText | Should -Be $Expected.checkpoints.'7'

        $rest = Import-LedgerEvent -Path $VectorFile

        $rest.Imported | Should -Be 5
        $rest.AlreadyPresent | Should -Be 7
        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }

    It 'takes files from the pipeline' {
        $result = Get-Item -LiteralPath $VectorFile | Import-LedgerEvent

        $result.Imported | Should -Be 12
    }

    It 'imports beside events signed here, and the ledger verifies' {
        New-LedgerIdentity 'alice' | Out-Null

        (Import-LedgerEvent -Path $VectorFile).Imported | Should -Be 12

        (Get-LedgerCheckpoint).Size | Should -Be 13
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    It 'imports an empty file as nothing' {
        $empty = Join-Path $TestHome.Root 'empty.jsonl'
        New-Item -ItemType File -Path $empty | Out-Null

        $result = Import-LedgerEvent -Path $empty

        $result.Read | Should -Be 0
        $result.Imported | Should -Be 0
        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'with -WhatIf imports nothing' {
        Import-LedgerEvent -Path $VectorFile -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'refuses a missing file with PathNotFound' {
        { Import-LedgerEvent -Path (Join-Path $TestHome.Root 'missing.jsonl') } |
            Should -Throw -ErrorId 'PathNotFound,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand'
    }
}

Describe 'Import-LedgerEvent of a bad file' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'import-bad'
    }

    # The offending line of each file, from the vectors' README (and a diff against ledger-v1.jsonl).
    It 'refuses <File> whole with InvalidEventFile naming line <Line>, and writes nothing' -ForEach @(
        @{ File = 'bad-signature.jsonl'; Line = 4 }
        @{ File = 'bad-missing-event.jsonl'; Line = 6 }
        @{ File = 'bad-reordered.jsonl'; Line = 4 }
        @{ File = 'bad-fork.jsonl'; Line = 13 }
        @{ File = 'bad-wrong-key.jsonl'; Line = 13 }
        @{ File = 'bad-rotated-key.jsonl'; Line = 13 }
        @{ File = 'bad-time-backwards.jsonl'; Line = 13 }
        @{ File = 'bad-non-integer.jsonl'; Line = 13 }
    ) {
        $path = Get-VectorFile $File

        $record = { Import-LedgerEvent -Path $path } |
            Should -Throw -ErrorId 'InvalidEventFile,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand' -PassThru

        $record.Exception.Message | Should -Match "\bline $Line\b"
        $record.Exception.Message | Should -BeLike "*$File*"
        $record.CategoryInfo.Category | Should -Be 'InvalidData'
        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Get-LedgerEvent | Should -BeNullOrEmpty
    }

    It 'imports the list vectors: 9 events, 1,001 works held by erin and 2 by finn' {
        $list = Get-Content -LiteralPath (Get-VectorFile 'list/ledger-list.expected.json') -Raw | ConvertFrom-Json

        $result = Import-LedgerEvent -Path (Get-VectorFile 'list/ledger-list.jsonl')

        $result.Imported | Should -Be 9
        Get-CheckpointText | Should -Be $list.checkpoint
        (Get-LedgerWork -Owner $list.identities.erin.did) | Should -HaveCount 1001
        (Get-LedgerWork -Owner $list.identities.finn.did) | Should -HaveCount 2
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    # Line 2 of each is a WorkRegistered whose list is bad (Vectors/list/README.md): refused whole, naming the entry.
    It 'refuses list/<File> whole with InvalidEventFile naming line 2 and <Named>, and writes nothing' -ForEach @(
        @{ File = 'bad-list-too-long.jsonl'; Named = 'works[1000] is one too many' }
        @{ File = 'bad-list-empty.jsonl'; Named = '"works" is empty' }
        @{ File = 'bad-list-duplicate.jsonl'; Named = 'works[1] repeats works[0]' }
        @{ File = 'bad-list-malformed-entry.jsonl'; Named = 'works[1]: "work" must be sha256:' }
        @{ File = 'bad-list-and-single.jsonl'; Named = 'both "work" and "works"' }
    ) {
        $path = Get-VectorFile "list/$File"

        $record = { Import-LedgerEvent -Path $path } |
            Should -Throw -ErrorId 'InvalidEventFile,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand' -PassThru

        $record.Exception.Message | Should -Match '\bline 2\b'
        $record.Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Named))*"
        Get-CheckpointText | Should -Be $EmptyCheckpoint
        Get-LedgerEvent | Should -BeNullOrEmpty
    }

    It 'covers every list/bad-*.jsonl vector' {
        (Get-ChildItem -LiteralPath (Join-Path $VectorsPath 'list') -Filter 'bad-*.jsonl').Name | Sort-Object |
            Should -Be (@('bad-list-and-single.jsonl', 'bad-list-duplicate.jsonl', 'bad-list-empty.jsonl', 'bad-list-malformed-entry.jsonl',
                    'bad-list-too-long.jsonl'))
    }

    It 'covers every bad-*.jsonl vector' {
        (Get-ChildItem -LiteralPath $VectorsPath -Filter 'bad-*.jsonl').Name | Sort-Object |
            Should -Be (@('bad-fork.jsonl', 'bad-missing-event.jsonl', 'bad-non-integer.jsonl', 'bad-reordered.jsonl',
                    'bad-rotated-key.jsonl', 'bad-signature.jsonl', 'bad-time-backwards.jsonl', 'bad-wrong-key.jsonl'))
    }

    It 'refuses a fork of a ledger it already holds, leaving it as it was' {
        Import-LedgerEvent -Path $VectorFile | Out-Null

        { Import-LedgerEvent -Path (Get-VectorFile 'bad-fork.jsonl') } |
            Should -Throw -ErrorId 'InvalidEventFile,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand'

        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }

    It 'refuses an export whose last line was cut in half, naming that line, and writes nothing' {
        $lines = Get-Content -LiteralPath $VectorFile
        $truncated = Join-Path $TestHome.Root 'truncated.jsonl'
        $cut = $lines[-1].Substring(0, [int]($lines[-1].Length / 2))
        Set-Content -LiteralPath $truncated -Value ($lines[0..10] + $cut)

        $record = { Import-LedgerEvent -Path $truncated } |
            Should -Throw -ErrorId 'InvalidEventFile,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand' -PassThru

        $record.Exception.Message | Should -Match '\bline 12\b'
        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }

    It 'refuses a file that is not JSON Lines at all' {
        $text = Join-Path $TestHome.Root 'notes.jsonl'
        Set-Content -LiteralPath $text -Value 'these are my notes', 'not events'

        $record = { Import-LedgerEvent -Path $text } |
            Should -Throw -ErrorId 'InvalidEventFile,CreatorLedger.PowerShell.Commands.ImportLedgerEventCommand' -PassThru

        $record.Exception.Message | Should -Match '\bline 1\b'
        Get-CheckpointText | Should -Be $EmptyCheckpoint
    }
}
