# Run by ManifestBenchmark.cs in a child pwsh (one process per step, so each peak is its own): writes the manifest of
# a shard folder, or verifies it, and prints one JSON line with the seconds taken and the process's peak resident set.
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [ValidateSet('Write', 'Verify')] [string] $Step,
    [Parameter(Mandatory)] [string] $Folder,
    [Parameter(Mandatory)] [string] $Manifest
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$watch = [Diagnostics.Stopwatch]::StartNew()
if ($Step -eq 'Write') {
    $result = New-LedgerManifest -Shard $Folder -Use ai-train -Identity lab -Run 'bench' -OutFile $Manifest -Force
    $counts = @{ Included = $result.Included; Excluded = $result.Excluded }
}
else {
    $result = Test-LedgerManifest $Manifest
    $counts = @{ Included = $result.StillLicensed; Excluded = $result.EntryCount - $result.StillLicensed; Reproduced = $result.Reproduced }
}
$seconds = $watch.Elapsed.TotalSeconds
# VmHWM: the peak resident set of this process, in kB.
$peak = [long]((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '[^0-9]', '')
[pscustomobject]@{ Seconds = $seconds; PeakKiB = $peak; Counts = $counts } | ConvertTo-Json -Compress
