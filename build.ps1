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
    Package  builds and copies the module into .artifacts/CreatorLedger.
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
        Skipped = [int]$counters.notExecuted
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

function Invoke-Test {
    Invoke-Build
    # The benchmark program is not run here, but it must keep compiling.
    Invoke-Dotnet build (Join-Path $root 'tests/CreatorLedger.Benchmarks/CreatorLedger.Benchmarks.csproj') -c Release --nologo --verbosity quiet '-clp:NoSummary'
    $xunit = Invoke-XunitSuite
    $pester = Invoke-PesterSuite
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped" -f `
        $xunit.Passed, $xunit.Failed, $xunit.Skipped, $pester.Passed, $pester.Failed, $pester.Skipped)
    if ($skipped -gt 0) { Write-Host "$passed passed, $failed failed, $skipped skipped" }
    else { Write-Host "$passed passed, $failed failed" }
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Bench {
    # The Test-LedgerLicense benchmark runs the built module in a child pwsh.
    Invoke-Build
    Invoke-Dotnet run -c Release --project (Join-Path $root 'tests/CreatorLedger.Benchmarks/CreatorLedger.Benchmarks.csproj') -- @BenchArgs
}

function Invoke-Package {
    Invoke-Build
    $out = Join-Path $root '.artifacts/CreatorLedger'
    Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $out | Out-Null
    Copy-Item (Join-Path $root 'CreatorLedger.psd1') $out
    Copy-Item (Join-Path $root 'module') $out -Recurse
    Write-Host "Module packaged in $out"
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
