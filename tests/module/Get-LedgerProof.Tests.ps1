BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerProof and Test-LedgerProof' {
    BeforeAll {
        $script:TestHome = New-LedgerTestHome 'proofs'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        New-LedgerIdentity 'operator' -Role operator | Out-Null
        $script:First = Publish-LedgerCheckpoint operator -Origin 'ledger.example/proofs' -Confirm:$false
        New-LedgerIdentity 'bob' | Out-Null
        $script:Signed = Publish-LedgerCheckpoint operator -Confirm:$false
        $script:Policy = Join-Path $TestDrive 'log-only.policy'
        Set-Content -LiteralPath $Policy -Value "# the log alone`nlog $($Signed.LogKey)`nquorum none" -NoNewline
    }

    It 'proves every event of the signed checkpoint, and the proof verifies offline with the log key alone' {
        foreach ($event in Get-LedgerEvent) {
            $path = Join-Path $TestDrive "event-$($event.Position).tlog-proof"
            $proof = Get-LedgerProof -Event $event.Position -OutFile $path

            $proof.Kind | Should -Be 'Inclusion'
            $proof.EventId | Should -Be $event.Id
            $proof.Checkpoint | Should -Be $Signed.Checkpoint
            (Get-Content -LiteralPath $path -Raw) | Should -Be $proof.Text
            $proof.Text | Should -BeLike "c2sp.org/tlog-proof@v1`nextra *`nindex $($event.Position - 1)`n*"
            $result = Test-LedgerProof $path -LogKey $Signed.LogKey
            $result.Valid | Should -BeTrue -Because $result.Problem
            $result.EventId | Should -Be $event.Id
        }
    }

    It 'finds an event by its id, piped from Get-LedgerEvent, and proves it in an earlier signed checkpoint' {
        $proof = Get-LedgerEvent -First 3 | Select-Object -Last 1 | Get-LedgerProof -Checkpoint $First.Size

        $proof.Position | Should -Be 3
        $proof.Checkpoint | Should -Be $First.Checkpoint
        $proof | Select-Object @{ n = 'Path'; e = { $p = Join-Path $TestDrive 'piped.tlog-proof'; Set-Content $p $proof.Text -NoNewline; $p } } |
            Test-LedgerProof -LogKey $Signed.LogKey | ForEach-Object Valid | Should -BeTrue
    }

    It 'proves the ledger of an earlier size a prefix of the signed one, under a policy too' {
        $path = Join-Path $TestDrive 'from-5.proof'
        $proof = Get-LedgerProof -From 5 -OutFile $path

        $proof.Kind | Should -Be 'Consistency'
        $proof.From | Should -Be (Get-VectorExpectation).checkpoints.'5'
        (Test-LedgerProof $path -LogKey $Signed.LogKey).Valid | Should -BeTrue
        (Test-LedgerProof $path -Policy $Policy).Valid | Should -BeTrue
        (Test-LedgerProof (Get-LedgerProof -From $First.Size -OutFile (Join-Path $TestDrive 'from-first.proof')).Path -LogKey $Signed.LogKey).Valid | Should -BeTrue
    }

    It 'finds a changed hash, a changed old root and a stranger''s key' {
        $path = Join-Path $TestDrive 'tampered.tlog-proof'
        $text = (Get-LedgerProof -Event 4).Text
        $lines = $text -split "`n"
        $lines[3] = ($lines[3][0] -eq 'A' ? 'B' : 'A') + $lines[3].Substring(1)
        Set-Content -LiteralPath $path -Value ($lines -join "`n") -NoNewline
        $result = Test-LedgerProof $path -LogKey $Signed.LogKey
        $result.Valid | Should -BeFalse
        $result.Problem | Should -Not -BeNullOrEmpty

        $consistency = Join-Path $TestDrive 'wrong-old.proof'
        $old = (Get-LedgerProof -From 5).Text -replace "(?m)^old 5 ", 'old 6 '
        Set-Content -LiteralPath $consistency -Value $old -NoNewline
        (Test-LedgerProof $consistency -LogKey $Signed.LogKey).Valid | Should -BeFalse

        $stranger = 'example.org/creatorledger-vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3'
        $good = (Get-LedgerProof -Event 4 -OutFile (Join-Path $TestDrive 'good.tlog-proof')).Path
        (Test-LedgerProof $good -LogKey $stranger).Valid | Should -BeFalse
    }

    It 'verifies the independent implementation''s tlog-proof with its log key and the event it names' {
        $file = Get-VectorFile 'checkpoints/index-4-size-12.tlog-proof'
        $vectors = Get-Content (Get-VectorFile 'checkpoints/checkpoints.json') -Raw | ConvertFrom-Json
        $id = (Get-VectorExpectation).events[4].id

        (Test-LedgerProof $file -LogKey $vectors.log.vkey -Event $id).Valid | Should -BeTrue
        $missing = Test-LedgerProof $file -LogKey $vectors.log.vkey
        $missing.Valid | Should -BeFalse
        $missing.Problem | Should -BeLike '*give the event id*'
    }

    It 'refuses what is not a proof, a policy that does not parse, and a position beyond the signed checkpoint' {
        $notProof = Join-Path $TestDrive 'not-a-proof.txt'
        Set-Content -LiteralPath $notProof -Value 'hello'
        { Test-LedgerProof $notProof -LogKey $Signed.LogKey } | Should -Throw -ErrorId 'InvalidProof,CreatorLedger.PowerShell.Commands.TestLedgerProofCommand'
        $badPolicy = Join-Path $TestDrive 'bad.policy'
        Set-Content -LiteralPath $badPolicy -Value "log $($Signed.LogKey)`nquorum nobody"
        $proof = (Get-LedgerProof -Event 1 -OutFile (Join-Path $TestDrive 'one.tlog-proof')).Path
        { Test-LedgerProof $proof -Policy $badPolicy } | Should -Throw -ErrorId 'PolicyInvalid,*'
        { Test-LedgerProof $proof -LogKey 'not a key' } | Should -Throw -ErrorId 'InvalidKey,*'
        { Get-LedgerProof -Event ($Signed.Size + 1) } | Should -Throw -ErrorId 'OutOfRange,*'
        { Get-LedgerProof -Event 1 -Checkpoint 2 } | Should -Throw -ErrorId 'CheckpointNotSigned,*'
        { Get-LedgerProof -Event ('ab' * 32) } | Should -Throw -ErrorId 'EventNotFound,*'
        { Get-LedgerProof -Event 'nonsense' } | Should -Throw -ErrorId 'InvalidEvent,*'
        { Get-LedgerProof -Event 1 -OutFile $proof } | Should -Throw -ErrorId 'FileExists,*'
    }
}
