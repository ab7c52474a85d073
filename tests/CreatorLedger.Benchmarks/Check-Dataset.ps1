# Run by DatasetBenchmark.cs in a child pwsh: times Test-LedgerLicense over a folder, without and then with the
# hash cache, and prints one JSON line. The store and home come from CREATORLEDGER_HOME / CREATORLEDGER_STORE.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Folder,
    [Parameter(Mandatory)] [string] $WarmUpFolder,
    [Parameter(Mandatory)] [string] $Licensee
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
# Compile the module's code paths on a few files first: the benchmark times the check, not the JIT.
$null = Test-LedgerLicense -Path $WarmUpFolder -Recurse -Use ai-train -Licensee $Licensee -Summary
$null = Test-LedgerLicense -Path $WarmUpFolder -Recurse -Use ai-train -Licensee $Licensee -Summary
function Measure-Check {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $summary = Test-LedgerLicense -Path $Folder -Recurse -Use ai-train -Licensee $Licensee -Summary
    $seconds = $watch.Elapsed.TotalSeconds
    [pscustomobject]@{ Seconds = $seconds; Counts = @($summary | ForEach-Object { "$($_.Decision)/$($_.Reason)=$($_.Count)" }) }
}
$cold = Measure-Check
$warm = Measure-Check
[pscustomobject]@{ ColdSeconds = $cold.Seconds; WarmSeconds = $warm.Seconds; Cold = $cold.Counts; Warm = $warm.Counts } |
    ConvertTo-Json -Compress
