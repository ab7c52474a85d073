# Test-LedgerLicense: a developer asks, for each file of a dataset, whether it may be used (DESIGN §6).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Lab = New-LedgerTestHome 'license'
    New-LedgerIdentity -Name ada | Out-Null
    New-LedgerIdentity -Name lab -Role developer | Out-Null
    New-LedgerIdentity -Name other -Role developer | Out-Null
    $script:Data = New-Item -ItemType Directory (Join-Path $Lab.Root 'dataset')
    New-Item -ItemType Directory (Join-Path $Data 'sub') | Out-Null
    Set-Content (Join-Path $Data 'granted.txt') 'granted work'
    Set-Content (Join-Path $Data 'sub/deep.txt') 'granted deep work'
    Set-Content (Join-Path $Data 'unregistered.txt') 'nobody registered this'
    $script:Works = Register-LedgerWork -LiteralPath (Join-Path $Data 'granted.txt'), (Join-Path $Data 'sub/deep.txt') -Identity ada
    $script:Grant = $Works | Grant-LedgerLicense -Identity ada -Licensee lab -Use ai-train -Until (Get-Date).AddYears(1)
    $script:Checkpoint = (Get-LedgerCheckpoint).Text
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'Test-LedgerLicense' {
    It 'decides every file of a folder tree with -Recurse, streaming one decision per file' {
        $decisions = Test-LedgerLicense -Path $Data -Recurse -Use ai-train.genai -Licensee lab
        $decisions.Count | Should -Be 3
        ($decisions | Where-Object Path -like '*granted.txt').Decision | Should -Be 'Licensed'
        ($decisions | Where-Object Path -like '*deep.txt').GrantIds | Should -Be @($Grant.GrantId)
        ($decisions | Where-Object Path -like '*unregistered.txt').Reason | Should -Be 'NotRegistered'
        $decisions | ForEach-Object { $_.Checkpoint | Should -Be $Checkpoint }
        ($decisions | Where-Object Path -like '*granted.txt').OwnerName | Should -Be 'ada'
    }

    It 'takes -AsOf as a DateTimeOffset, a DateTime or the text people type, read as UTC unless it gives an offset' -ForEach @(
        @{ Given = 'a DateTimeOffset'; AsOf = { [DateTimeOffset]'2031-06-01T00:00:00Z' }; At = '2031-06-01T00:00:00.0000000+00:00' }
        @{ Given = 'a date'; AsOf = { '2031-06-01' }; At = '2031-06-01T00:00:00.0000000+00:00' }
        @{ Given = 'a UTC time'; AsOf = { '2031-06-01T12:00Z' }; At = '2031-06-01T12:00:00.0000000+00:00' }
        @{ Given = 'a time with an offset'; AsOf = { '2031-06-01T12:00+02:00' }; At = '2031-06-01T10:00:00.0000000+00:00' }
        @{ Given = 'a DateTime without a kind'; AsOf = { [datetime]'2031-06-01 12:00' }; At = '2031-06-01T12:00:00.0000000+00:00' }
    ) {
        $decision = Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab -AsOf (& $AsOf)
        $decision.EvaluatedAt.ToString('o') | Should -Be $At
        # The grant ends a year from now: by 2031 it has expired.
        $decision.Reason | Should -Be 'Expired'
    }

    It 'refuses an -AsOf that is not a date, clearly' {
        { Test-LedgerLicense -Path $Data -Use ai-train -Licensee lab -AsOf 'next tuesday' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,CreatorLedger.PowerShell.Commands.TestLedgerLicenseCommand'
    }

    It 'stays in the folder without -Recurse' {
        (Test-LedgerLicense -Path $Data -Use ai-train -Licensee lab).Count | Should -Be 2
    }

    It 'takes files from the pipeline and digests by property name' {
        $piped = Get-ChildItem $Data -Recurse -File | Test-LedgerLicense -Use ai-train -Licensee lab
        $piped.Count | Should -Be 3
        $byDigest = $Works | Test-LedgerLicense -Use ai-train -Licensee lab
        $byDigest.Decision | Should -Be @('Licensed', 'Licensed')
        $byDigest[0].Work | Should -Be $Works[0].Digest
    }

    It 'takes piped file names with brackets literally' {
        $odd = Join-Path $Lab.Root 'odd[1].txt'
        Set-Content -LiteralPath $odd 'bracketed'
        $decision = Get-Item -LiteralPath $odd | Test-LedgerLicense -Use ai-train -Licensee lab
        $decision.Path | Should -Be $odd
        $decision.Reason | Should -Be 'NotRegistered'
    }

    It 'gives the most specific reason when not licensed' {
        (Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-input -Licensee lab).Reason | Should -Be 'UseNotCovered'
        (Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee other).Reason | Should -Be 'LicenseeNotCovered'
        (Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab -Commercial).Reason | Should -Be 'CommercialNotAllowed'
    }

    It 'reads a CSV with a Path column and a text list of digests' {
        $csv = Join-Path $Lab.Root 'files.csv'
        Set-Content $csv "Name,Path`nfirst,dataset/granted.txt`nsecond,""dataset/unregistered.txt"""
        (Test-LedgerLicense -InputFile $csv -Use ai-train -Licensee lab).Decision | Should -Be @('Licensed', 'NotRegistered')
        $list = Join-Path $Lab.Root 'digests.txt'
        Set-Content $list ($Works.Digest -join "`n")
        (Test-LedgerLicense -InputFile $list -Use ai-train -Licensee lab).Decision | Should -Be @('Licensed', 'Licensed')
    }

    It 'counts decisions by reason with -Summary' {
        $summary = Test-LedgerLicense -Path $Data -Recurse -Use ai-train -Licensee lab -Summary
        ($summary | Where-Object Reason -eq 'Licensed').Count | Should -Be 2
        ($summary | Where-Object Reason -eq 'NotRegistered').Count | Should -Be 1
    }

    It 'reports a file it cannot read as Unreadable, never as licensed' {
        # Reading a process's own memory file at offset 0 fails with an I/O error, even for root.
        $decision = Test-LedgerLicense -Path '/proc/self/mem' -Use ai-train -Licensee lab
        $decision.Decision | Should -Be 'Unreadable'
        $decision.IsLicensed | Should -BeFalse
    }

    It 'reports a missing path as PathNotFound and decides the rest' {
        $decisions = Test-LedgerLicense -Path (Join-Path $Data 'nope.txt'), (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab -ErrorVariable problems -ErrorAction SilentlyContinue
        $decisions.Decision | Should -Be 'Licensed'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'gives the same answer at a checkpoint after a revocation, and the new answer at the head' {
        $Grant | Revoke-LedgerLicense -Identity ada -Reason 'test' | Out-Null
        (Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab -Checkpoint $Checkpoint).Decision | Should -Be 'Licensed'
        $now = Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab
        $now.Reason | Should -Be 'Revoked'
        $now.Checkpoint | Should -Not -Be $Checkpoint
    }

    It 'does not read an unchanged file again: the digest is cached by path, size and modification time' {
        $file = Join-Path $Lab.Root 'cached.txt'
        [IO.File]::WriteAllText($file, 'aaaa')
        $stamp = (Get-Item $file).LastWriteTimeUtc
        $first = Test-LedgerLicense -Path $file -Use ai-train -Licensee lab
        Test-Path (Join-Path $Lab.Root 'ledger.hashes.db') | Should -BeTrue
        # Same size and time, other bytes: the cache answers (so it was not read); a new time makes it read again.
        [IO.File]::WriteAllText($file, 'bbbb')
        (Get-Item $file).LastWriteTimeUtc = $stamp
        (Test-LedgerLicense -Path $file -Use ai-train -Licensee lab).Work | Should -Be $first.Work
        (Get-Item $file).LastWriteTimeUtc = $stamp.AddSeconds(1)
        (Test-LedgerLicense -Path $file -Use ai-train -Licensee lab).Work | Should -Not -Be $first.Work
    }

    It 'still decides, with a warning, when the hash cache cannot be kept' {
        $copy = Copy-LedgerTestHome $Lab
        # A folder where the cache file should be: it can be neither opened nor replaced.
        $cachePath = Join-Path $copy.Root 'ledger.hashes.db'
        Remove-Item "$cachePath*" -Force -ErrorAction SilentlyContinue
        New-Item -ItemType Directory $cachePath -ErrorAction Stop | Out-Null
        $decision = Test-LedgerLicense -Path (Join-Path $Data 'granted.txt') -Use ai-train -Licensee lab -WarningVariable warnings -WarningAction SilentlyContinue
        $decision.Work | Should -Be $Works[0].Digest
        "$warnings" | Should -BeLike '*hash cache*'
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'an unknown use'; Id = 'UnknownUse'; Arguments = @{ Use = 'ai-dream'; Licensee = 'lab' } }
        @{ Case = 'an unknown licensee'; Id = 'InvalidLicensee'; Arguments = @{ Use = 'ai-train'; Licensee = 'nobody-here' } }
        @{ Case = 'a malformed checkpoint'; Id = 'InvalidCheckpoint'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '12:xyz' } }
        @{ Case = 'a checkpoint beyond the head'; Id = 'CheckpointMismatch'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '999:' + ('0' * 64) } }
        @{ Case = 'a checkpoint of another ledger'; Id = 'CheckpointMismatch'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '3:' + ('0' * 64) } }
    ) {
        { Test-LedgerLicense -Path $Data @Arguments } | Should -Throw -ErrorId "$Id,CreatorLedger.PowerShell.Commands.TestLedgerLicenseCommand"
    }
}
