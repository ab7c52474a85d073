#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, benchmarks and tours CreatorLedger.
.DESCRIPTION
    Build    (default) publishes the module into module/bin so that
             Import-Module ./CreatorLedger.psd1 works from the repo root.
    Test     builds, runs the xunit suite and the Pester suite, and ends with
             one line "N passed, N failed" counting both; exits non-zero on any failure.
    Bench    runs tests/CreatorLedger.Benchmarks (Release) and prints ratios.
    Tour     builds, imports the module and walks through a creator's first session
             on the embedded store, in a throwaway home unless -LedgerHome is given.
    Package  builds and packs the module as .artifacts/package/CreatorLedger.<version>.nupkg, which PSResourceGet
             publishes (Publish-PSResource -NupkgPath) and installs (Install-PSResource) like any module.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Tour', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Where the tour keeps its keys and ledger. Default: a new temporary folder.
    [string] $LedgerHome,
    # Arguments passed to the benchmark program (for example: --quick).
    [string[]] $BenchArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Dotnet {
    # A simple function (no param block): -c, -o and friends pass through to dotnet untouched.
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "Building the module into module/bin ($Configuration)..."
    $bin = Join-Path $root 'module/bin'
    Invoke-Dotnet publish (Join-Path $root 'src/CreatorLedger.PowerShell/CreatorLedger.PowerShell.csproj') `
        -c $Configuration -o $bin --nologo --verbosity quiet '-clp:NoSummary'
    # Cmdlet help: MAML from the markdown sources in module/help and the built cmdlets' own metadata, in a pwsh of its
    # own (it imports the module), beside the assembly where PowerShell looks for it.
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'module/help/ConvertTo-Maml.ps1') `
        -Manifest (Join-Path $root 'CreatorLedger.psd1') -OutFile (Join-Path $bin 'en-US/CreatorLedger.PowerShell.dll-Help.xml')
    if ($LASTEXITCODE -ne 0) { throw "Writing the cmdlet help from module/help failed with exit code $LASTEXITCODE" }
}

function Get-PesterModulePath {
    Invoke-Dotnet restore (Join-Path $root 'tests/module/pester.csproj') --nologo --verbosity quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester was restored but not found at $path" }
    $path
}

function Invoke-XunitSuite {
    $results = Join-Path $root '.artifacts/test-results'
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    & dotnet test (Join-Path $root 'tests/CreatorLedger.Tests/CreatorLedger.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --results-directory $results | Out-Host
    $trx = Get-ChildItem $results -Filter *.trx -Recurse -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $trx) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $counters = ([xml](Get-Content $trx.FullName -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # TRX counts a skipped test in total but not in executed (notExecuted stays 0).
        Skipped = [int]$counters.total - [int]$counters.executed
    }
}

function Invoke-PesterSuite {
    $pester = Get-PesterModulePath
    # A child process keeps the module's state and environment out of the build's own session.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester' -MinimumVersion 5.7.1
`$c = New-PesterConfiguration
`$c.Run.Path = '$(Join-Path $root 'tests/module')'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Normal'
`$r = Invoke-Pester -Configuration `$c
[pscustomobject]@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount; Skipped = `$r.SkippedCount } |
    ConvertTo-Json | Set-Content '$(Join-Path $root '.artifacts/pester.json')'
"@
    New-Item -ItemType Directory -Force (Join-Path $root '.artifacts') | Out-Null
    Remove-Item (Join-Path $root '.artifacts/pester.json') -ErrorAction SilentlyContinue
    $env:NO_COLOR = '1'
    & dotnet pwsh -NoProfile -NonInteractive -Command $script | Out-Host
    $json = Join-Path $root '.artifacts/pester.json'
    if (-not (Test-Path $json)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    Get-Content $json -Raw | ConvertFrom-Json
}

# A throwaway PostgreSQL cluster for the server-store tests: installed from Debian's packages when missing, created in
# a temp folder (initdb as the postgres user when running as root), listening on 127.0.0.1 on a free port. Returns
# what Stop-TestPostgres needs; throws when no server can be started (PostgreSQL tests never skip silently).
function Start-TestPostgres {
    $initdb = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue | Sort-Object FullName -Descending | Select-Object -First 1
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $initdb) {
        if (-not ($isRoot -and (Get-Command apt-get -ErrorAction SilentlyContinue))) {
            throw 'PostgreSQL is not installed and cannot be installed here (needs root and apt-get): install the Debian package postgresql.'
        }
        Write-Host 'Installing PostgreSQL from the Debian packages...'
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get update -qq | Out-Null
        & apt-get install -y -qq postgresql | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'apt-get install postgresql failed.' }
        $initdb = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' | Sort-Object FullName -Descending | Select-Object -First 1
    }
    $bin = Split-Path $initdb.FullName
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('creatorledger-pg-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $dir | Out-Null
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    function Invoke-AsServer([string] $exe, [string[]] $arguments) {
        if ($isRoot) { & runuser -u postgres -- $exe @arguments } else { & $exe @arguments }
        if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed with exit code $LASTEXITCODE" }
    }
    if ($isRoot) { & chown postgres: $dir }
    Invoke-AsServer (Join-Path $bin 'initdb') @('-D', "$dir/data", '-A', 'trust', '-U', 'postgres', '--no-sync') | Out-Null
    Invoke-AsServer (Join-Path $bin 'pg_ctl') @('-D', "$dir/data", '-o', "-p $port -k $dir -c listen_addresses=127.0.0.1", '-l', "$dir/server.log", '-w', 'start') | Out-Null
    $env:CREATORLEDGER_TEST_POSTGRES = "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    Write-Host "PostgreSQL $(Split-Path (Split-Path $bin) -Leaf) started for the tests on 127.0.0.1:$port ($dir)."
    [pscustomobject]@{ Bin = $bin; Dir = $dir; IsRoot = $isRoot }
}

function Stop-TestPostgres($server) {
    if (-not $server) { return }
    $pgctl = Join-Path $server.Bin 'pg_ctl'
    if ($server.IsRoot) { & runuser -u postgres -- $pgctl -D "$($server.Dir)/data" -m fast -w stop | Out-Null }
    else { & $pgctl -D "$($server.Dir)/data" -m fast -w stop | Out-Null }
    Remove-Item $server.Dir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:CREATORLEDGER_TEST_POSTGRES -ErrorAction SilentlyContinue
}

function Invoke-Test {
    Invoke-Build
    # The benchmark program is not run here, but it must keep compiling.
    Invoke-Dotnet build (Join-Path $root 'tests/CreatorLedger.Benchmarks/CreatorLedger.Benchmarks.csproj') -c Release --nologo --verbosity quiet '-clp:NoSummary'
    # The EventStoreDB protocol server the Pester suite starts as a process.
    Invoke-Dotnet build (Join-Path $root 'tests/CreatorLedger.TestEventStoreDb/CreatorLedger.TestEventStoreDb.csproj') -c Release `
        -o (Join-Path $root '.artifacts/test-eventstoredb') --nologo --verbosity quiet '-clp:NoSummary'
    # The witness, which the Pester suite runs as processes on loopback.
    Invoke-Dotnet build (Join-Path $root 'src/CreatorLedger.Witness/CreatorLedger.Witness.csproj') -c Release `
        -o (Join-Path $root '.artifacts/witness') --nologo --verbosity quiet '-clp:NoSummary'
    $server = Start-TestPostgres
    try {
        $xunit = Invoke-XunitSuite
        $pester = Invoke-PesterSuite
    }
    finally {
        Stop-TestPostgres $server
    }
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped" -f `
        $xunit.Passed, $xunit.Failed, $xunit.Skipped, $pester.Passed, $pester.Failed, $pester.Skipped)
    # Skipped tests (EventStoreDB without CREATORLEDGER_ESDB, the Node.js verifier without node) are counted on the
    # line above; the last line stays exactly 'N passed, N failed' for CI to read.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Bench {
    # The Test-LedgerLicense benchmark runs the built module in a child pwsh.
    Invoke-Build
    Invoke-Dotnet run -c Release --project (Join-Path $root 'tests/CreatorLedger.Benchmarks/CreatorLedger.Benchmarks.csproj') -- @BenchArgs
}

function Invoke-Package {
    Invoke-Build
    # The module folder as it is installed: the manifest and module/ (the binaries, formats, help), nothing else.
    $package = Join-Path $root '.artifacts/package'
    $stage = Join-Path $package 'CreatorLedger'
    Remove-Item $package -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $stage | Out-Null
    Copy-Item (Join-Path $root 'CreatorLedger.psd1') $stage
    Copy-Item (Join-Path $root 'module') $stage -Recurse
    # The help's sources and the tour stay in the repository: the package holds what a session loads.
    Remove-Item (Join-Path $stage 'module/help') -Recurse
    Get-ChildItem $stage -Recurse -Filter '*.pdb' | Remove-Item
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $stage -DestinationPath $package
    $nupkg = Get-ChildItem $package -Filter 'CreatorLedger.*.nupkg' | Select-Object -First 1
    if (-not $nupkg) { throw "Compress-PSResource wrote no package into $package." }
    Write-Host "Module packaged: $($nupkg.FullName) ($([math]::Round($nupkg.Length / 1MB, 1)) MiB)"
}

function Invoke-Tour {
    Invoke-Build
    & (Join-Path $root 'module/Tour.ps1') -LedgerHome $LedgerHome
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Bench' { Invoke-Bench }
    'Tour' { Invoke-Tour }
    'Package' { Invoke-Package }
}
