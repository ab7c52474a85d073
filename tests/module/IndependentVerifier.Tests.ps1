# What the module writes must verify under an implementation of DESIGN §4 that shares no code with it
# (tests/module/verify-ledger.mjs: Node's JSON and Node's Ed25519). Skipped, visibly, where Node.js is absent.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Node = (Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    $script:Verifier = Join-Path $PSScriptRoot 'verify-ledger.mjs'

    function Invoke-IndependentVerifier([string] $path) {
        $output = & $Node $Verifier $path 2>&1
        [pscustomobject]@{ Ok = $LASTEXITCODE -eq 0; Output = "$output" }
    }
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'An independent implementation of DESIGN §4' {
    BeforeEach {
        if (-not $Node) { Set-ItResult -Skipped -Because 'Node.js is not installed, so the independent verifier cannot run' }
    }

    It 'accepts the shared vectors and refuses every tampered file (so it is a real verifier)' {
        (Invoke-IndependentVerifier (Join-Path $VectorsPath 'ledger-v1.jsonl')).Ok | Should -BeTrue
        foreach ($bad in Get-ChildItem $VectorsPath -Filter 'bad-*.jsonl') {
            (Invoke-IndependentVerifier $bad.FullName).Ok | Should -BeFalse -Because "$($bad.Name) is tampered"
        }
    }

    It 'accepts the list vectors and refuses every bad list (so it reads "works" as DESIGN §4 does)' {
        $list = Join-Path $VectorsPath 'list'
        $good = Invoke-IndependentVerifier (Join-Path $list 'ledger-list.jsonl')
        $good.Output | Should -Be 'ok 9 events'
        foreach ($bad in Get-ChildItem $list -Filter 'bad-*.jsonl') {
            $result = Invoke-IndependentVerifier $bad.FullName
            $result.Ok | Should -BeFalse -Because "$($bad.Name) holds a bad list"
            $result.Output | Should -BeLike 'line 2:*'
        }
    }

    It 'accepts an export holding list registrations, a disputed listed work and a withdrawal from a list' {
        New-LedgerTestHome 'independent-lists' | Out-Null
        New-LedgerIdentity -Name ada | Out-Null
        New-LedgerIdentity -Name bo | Out-Null
        $files = New-Item -ItemType Directory (Join-Path $TestDrive 'list-works')
        foreach ($i in 1..5) { Set-Content (Join-Path $files "w$i.txt") "listed work $i" }
        $works = Register-LedgerWork -Path $files -Identity ada
        Register-LedgerWork -LiteralPath (Join-Path $files 'w1.txt'), (Join-Path $files 'w2.txt') -Identity bo -WarningAction SilentlyContinue | Out-Null
        Unregister-LedgerWork -Work $works[2].Digest -Identity ada | Out-Null
        $export = Join-Path $TestDrive 'lists.jsonl'
        Export-LedgerEvent $export | Out-Null

        (Get-Content $export -Raw) | Should -BeLike '*"works":*'
        (Invoke-IndependentVerifier $export).Output | Should -Be "ok $((Get-LedgerCheckpoint).Size) events"
    }

    It 'accepts an export holding every event type the module writes, and refuses it with one byte changed' {
        $testHome = New-LedgerTestHome 'independent'
        New-LedgerIdentity -Name ada -Contact 'ada@example.org' | Out-Null
        New-LedgerIdentity -Name lab -Role developer | Out-Null
        $files = New-Item -ItemType Directory (Join-Path $testHome.Root 'works')
        Set-Content (Join-Path $files 'a.txt') 'Ünïcode “title” — with "quotes", a \ backslash, a tab	and € ✓ 😀'
        Set-Content (Join-Path $files 'b.txt') 'second work'
        $works = @(
            Register-LedgerWork -Path (Join-Path $files 'a.txt') -Identity ada -Title 'Ünïcode “title” — with "quotes", a \ backslash, a tab	and € ✓ 😀'
            Register-LedgerWork -Path (Join-Path $files 'b.txt') -Identity ada
        )
        $grant = $works | Grant-LedgerLicense -Identity ada -Licensee lab -Use ai-train.genai, ai-input -Commercial `
            -Until (Get-Date).AddYears(1) -Territory DE, FR -Fee 0.05 -Currency EUR -Per work -Attribution
        Grant-LedgerLicense -AllWorks -Identity ada -Licensee '*' -Use search | Out-Null
        $grant | Revoke-LedgerLicense -Identity ada -Reason 'test' | Out-Null
        $old = (Get-LedgerIdentity ada).Key
        Update-LedgerIdentity ada -RotateKey -Confirm:$false | Out-Null
        Unregister-LedgerWork -Work $works[1].Digest -Identity ada | Out-Null
        Revoke-LedgerKey ada -Key $old -LastValidSeq 5 -Confirm:$false | Out-Null
        $export = Join-Path $testHome.Root 'export.jsonl'
        Export-LedgerEvent $export | Out-Null

        $result = Invoke-IndependentVerifier $export
        $result.Output | Should -Be "ok $((Get-LedgerCheckpoint).Size) events"

        $text = [IO.File]::ReadAllText($export)
        $text | Should -BeLike '*"reason":"test"*'
        $tampered = Join-Path $testHome.Root 'tampered.jsonl'
        [IO.File]::WriteAllText($tampered, $text.Replace('"reason":"test"', '"reason":"Test"'), [Text.UTF8Encoding]::new($false))
        (Invoke-IndependentVerifier $tampered).Ok | Should -BeFalse
    }

    It "accepts the guided tour's export" {
        $folder = Join-Path $TestDrive 'tour'
        # In its own process, as a user runs it (the tour imports the module and prints to the host).
        & dotnet exec (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'module/Tour.ps1') -LedgerHome $folder | Out-Null
        $LASTEXITCODE | Should -Be 0
        $result = Invoke-IndependentVerifier (Join-Path $folder 'ledger-export.jsonl')
        $result.Output | Should -Match '^ok \d+ events$'
    }
}

Describe 'An independent implementation of the C2SP formats and RFC 9162 inclusion proofs' {
    BeforeAll {
        $script:ProofVerifier = Join-Path $PSScriptRoot 'verify-proof.mjs'
        function Invoke-ProofVerifier([string[]] $arguments) {
            $output = & $Node $ProofVerifier @arguments 2>&1
            [pscustomobject]@{ Ok = $LASTEXITCODE -eq 0; Output = "$output" }
        }
    }

    BeforeEach {
        if (-not $Node) { Set-ItResult -Skipped -Because 'Node.js is not installed, so the independent verifier cannot run' }
    }

    It 'accepts the vector tlog-proof for its event, and refuses it for another (so it is a real verifier)' {
        $vectors = Get-Content (Get-VectorFile 'checkpoints/checkpoints.json') -Raw | ConvertFrom-Json
        $events = (Get-VectorExpectation).events
        $file = Get-VectorFile 'checkpoints/index-4-size-12.tlog-proof'
        (Invoke-ProofVerifier @("--event=$($events[4].id)", $file, $vectors.log.vkey, $vectors.witness.vkey)).Ok | Should -BeTrue
        (Invoke-ProofVerifier @("--event=$($events[3].id)", $file, $vectors.log.vkey)).Ok | Should -BeFalse
    }

    It 'accepts every proof Get-LedgerProof writes, with the cosignature a witness added, and refuses a changed one' {
        $testHome = New-LedgerTestHome 'independent-proofs'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        New-LedgerIdentity operator -Role operator | Out-Null
        $signed = Publish-LedgerCheckpoint operator -Origin 'independent.example/ledger' -Confirm:$false
        $witness = Start-TestWitness 'witness.example/independent' @{ origin = 'independent.example/ledger'; vkey = $signed.LogKey }
        try {
            Submit-LedgerCheckpoint -Witness $witness.Url -Confirm:$false | Out-Null
        }
        finally {
            Stop-TestWitness $witness
        }
        foreach ($position in 1..$signed.Size) {
            $path = Join-Path $testHome.Root "event-$position.tlog-proof"
            Get-LedgerProof -Event $position -OutFile $path | Out-Null
            $result = Invoke-ProofVerifier @($path, $signed.LogKey, $witness.Vkey)
            $result.Ok | Should -BeTrue -Because $result.Output
        }
        $changed = Join-Path $testHome.Root 'changed.tlog-proof'
        $lines = (Get-Content (Join-Path $testHome.Root 'event-5.tlog-proof') -Raw) -split "`n"
        $lines[3] = ($lines[3][0] -eq 'A' ? 'B' : 'A') + $lines[3].Substring(1)
        Set-Content -LiteralPath $changed -Value ($lines -join "`n") -NoNewline
        (Invoke-ProofVerifier @($changed, $signed.LogKey)).Ok | Should -BeFalse
    }
}
