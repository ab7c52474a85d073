#!/usr/bin/env pwsh
<#
.SYNOPSIS
    A guided tour of CreatorLedger: a creator's first session on the embedded (SQLite) store.
.DESCRIPTION
    Creates an identity, registers a folder of sample works, grants and revokes a license, exports the
    ledger as JSON Lines, verifies the export, and rebuilds a mirror from it. Runs in a throwaway home
    unless -LedgerHome names a folder. The passphrase is generated for the tour and never printed.
#>
[CmdletBinding()]
param(
    # Where keys, the ledger and the sample works go. Default: a new temporary folder.
    [string] $LedgerHome
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Step([string] $title, [string] $explain) {
    Write-Host ''
    Write-Host "== $title" -ForegroundColor Cyan
    if ($explain) { Write-Host $explain }
}

$throwaway = -not $LedgerHome
if ($throwaway) { $LedgerHome = Join-Path ([IO.Path]::GetTempPath()) ("creatorledger-tour-" + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
New-Item -ItemType Directory -Force $LedgerHome | Out-Null
$LedgerHome = (Resolve-Path $LedgerHome).ProviderPath
$saved = @{ Home = $env:CREATORLEDGER_HOME; Store = $env:CREATORLEDGER_STORE; Passphrase = $env:CREATORLEDGER_PASSPHRASE }
$env:CREATORLEDGER_HOME = $LedgerHome
$env:CREATORLEDGER_STORE = $null
# A passphrase for this tour only: random, held in this process's environment, never shown or written.
$env:CREATORLEDGER_PASSPHRASE = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(24))

try {
    Import-Module (Join-Path $PSScriptRoot '../CreatorLedger.psd1') -Force
    Disconnect-Ledger

    Write-Host 'CreatorLedger tour' -ForegroundColor Green
    Write-Host "Everything goes to $LedgerHome$(if ($throwaway) { ' (a throwaway folder)' })."

    Step 'Create identities' 'Each identity is an Ed25519 key; its id is a did:key. The private key is sealed in a key file (Argon2id + XChaCha20-Poly1305, mode 0600).'
    $ada = New-LedgerIdentity -Name ada -Role creator -Contact 'ada@example.org'
    $lab = New-LedgerIdentity -Name nordlab -Role developer
    $ada, $lab | Out-Host

    Step 'Register a folder of works' 'Works are named by the SHA-256 of their bytes. Piping Get-ChildItem registers a whole folder in a few transactions.'
    $works = Join-Path $LedgerHome 'portfolio'
    New-Item -ItemType Directory -Force (Join-Path $works 'poems'), (Join-Path $works 'drawings') | Out-Null
    Set-Content (Join-Path $works 'poems/harbour.txt') "The harbour wakes in silver light,`nthe gulls write verses on the air."
    Set-Content (Join-Path $works 'poems/winter.txt') "Snow keeps the secrets of the road."
    Set-Content (Join-Path $works 'drawings/fox.svg') '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="24" fill="orange"/></svg>'
    Set-Content (Join-Path $works 'drawings/sketches.csv') "title,year`nfox,2026`nheron,2025"
    $registered = Get-ChildItem $works -Recurse -File | Register-LedgerWork -Identity ada
    $registered | Out-Host

    Step 'Grant a license' 'ada lets nordlab train non-generative models on the poems for a year, with attribution.'
    $poems = $registered | Where-Object Path -like '*poems*'
    $grant = $poems | Grant-LedgerLicense -Identity ada -Licensee nordlab -Use ai-train.nongen -Until (Get-Date).AddYears(1) -Attribution
    $blanket = Grant-LedgerLicense -AllWorks -Identity ada -Licensee '*' -Use search -Attribution
    Get-LedgerLicense -Owner ada | Out-Host

    Step 'Revoke it' 'A revocation is signed too, and takes effect now (never retroactively).'
    $grant | Revoke-LedgerLicense -Identity ada -Reason 'Changed my mind' | Out-Host
    Get-LedgerLicense -Owner ada | Out-Host

    Step 'The ledger itself' 'Every event is signed by its author and chained to the previous one (seq, prev).'
    Get-LedgerEvent | Out-Host
    $head = Get-LedgerCheckpoint
    Write-Host "Checkpoint (size:Merkle root): $($head.Text)"

    Step 'Export and verify' 'The export holds exactly the signed bytes, one event per line: anyone can verify it offline.'
    $export = Join-Path $LedgerHome 'ledger-export.jsonl'
    $exported = Export-LedgerEvent -Path $export
    Write-Host "Exported $($exported.Events) events to $export"
    $check = Test-LedgerIntegrity -Path $export
    Write-Host ("Signatures and chains: {0} ({1} events, {2} authors)" -f $(if ($check.Valid) { 'all valid' } else { 'PROBLEMS' }), $check.Events, $check.Streams)

    Step 'Mirror it' 'Importing the export into an empty store gives the same checkpoint: same events, same order.'
    Connect-Ledger -Path (Join-Path $LedgerHome 'mirror.db')
    $import = Import-LedgerEvent -Path $export
    Write-Host "Mirror imported $($import.Imported) events; checkpoint $($import.Checkpoint)"
    Write-Host $(if ($import.Checkpoint -eq $head.Text) { 'The mirror matches the original.' } else { 'The mirror DIFFERS from the original.' })
    Disconnect-Ledger

    if (-not $check.Valid -or $import.Checkpoint -ne $head.Text) { throw 'The tour found a problem: see above.' }
    Write-Host ''
    Write-Host 'Done. Next: Get-Help about_CreatorLedger, or Get-Help Register-LedgerWork -Examples.' -ForegroundColor Green
    if (-not $throwaway) { Write-Host "Keys and ledger are in $LedgerHome." }
}
finally {
    Disconnect-Ledger -ErrorAction SilentlyContinue
    $env:CREATORLEDGER_HOME = $saved.Home
    $env:CREATORLEDGER_STORE = $saved.Store
    $env:CREATORLEDGER_PASSPHRASE = $saved.Passphrase
    if ($throwaway) { Remove-Item $LedgerHome -Recurse -Force -ErrorAction SilentlyContinue }
}
