# The client's tests run against our own server of EventStoreDB's protocol subset; this checks that server against
# EventStoreDB's own Node.js client (@kurrent/kurrentdb-client, pinned in esdb-official-client/package.json and
# installed with npm ci into .artifacts): appends with expected revisions, the wrong-revision reply, stream and
# filtered $all reads, and a catch-up subscription must all work as that client expects of EventStoreDB.
# Skipped, visibly, where Node.js or npm is absent.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Node = (Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    $script:Npm = (Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
}

Describe 'The EventStoreDB test server, as EventStoreDB''s own client sees it' {
    BeforeEach {
        if (-not ($Node -and $Npm)) { Set-ItResult -Skipped -Because 'Node.js or npm is not installed, so the official client cannot run' }
    }

    It 'serves the official Node.js client: appends, wrong revisions, reads, filtered $all and a live subscription' {
        $source = Join-Path $PSScriptRoot 'esdb-official-client'
        $work = Join-Path $RepoRoot '.artifacts/esdb-official-client'
        New-Item -ItemType Directory -Force $work | Out-Null
        Copy-Item (Join-Path $source '*') $work -Force
        if (-not (Test-Path (Join-Path $work 'node_modules/@kurrent/kurrentdb-client'))) {
            Push-Location $work
            try { $installed = & $Npm ci --no-audit --no-fund 2>&1 } finally { Pop-Location }
            $LASTEXITCODE | Should -Be 0 -Because "npm ci must install the pinned client: $installed"
        }
        $server = Start-TestEventStoreDb
        try {
            $output = & $Node (Join-Path $work 'check.cjs') $server.Port 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            $output | Should -Contain 'ALL OK'
            @($output | Where-Object { "$_" -like 'ok *' }).Count | Should -Be 7
        }
        finally {
            Stop-TestEventStoreDb $server
        }
    }
}
