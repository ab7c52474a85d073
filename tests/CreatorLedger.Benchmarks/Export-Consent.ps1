# Run by ConsentBenchmark.cs in a child pwsh: times Export-LedgerConsent on the ledger of CREATORLEDGER_STORE (its
# saved projection already written by a first run, as on any machine that has used the ledger before), and prints one
# JSON line.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $OutFile,
    [Parameter(Mandatory)] [string] $Licensee
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
# The first run rebuilds and saves the projection and compiles the code paths; the second is the one timed.
$null = Export-LedgerConsent $OutFile -Use ai-train.genai -Licensee $Licensee -Force
$watch = [Diagnostics.Stopwatch]::StartNew()
$result = Export-LedgerConsent $OutFile -Use ai-train.genai -Licensee $Licensee -Force
$seconds = $watch.Elapsed.TotalSeconds
[pscustomobject]@{ Seconds = $seconds; Rows = $result.Rows; Licensed = $result.Licensed } | ConvertTo-Json -Compress
