# Several processes on one ledger file: appends from all of them land with intact chains, and a writer
# killed in the middle of a registration leaves whole batches only (DESIGN §7 durability).
BeforeAll {
    $script:Manifest = Join-Path $PSScriptRoot '../../CreatorLedger.psd1'
    $script:Root = Join-Path $TestDrive 'concurrency'
    New-Item -ItemType Directory -Force $Root | Out-Null
    $env:CREATORLEDGER_HOME = Join-Path $Root 'home'
    $env:CREATORLEDGER_STORE = Join-Path $Root 'ledger.db'
    $env:CREATORLEDGER_PASSPHRASE = 'concurrency test passphrase'
    Import-Module $Manifest -Force
    Disconnect-Ledger
    New-LedgerIdentity -Name alice | Out-Null
    New-LedgerIdentity -Name bob | Out-Null

    function New-Files([string] $folder, [int] $count) {
        New-Item -ItemType Directory -Force $folder | Out-Null
        foreach ($i in 1..$count) { [IO.File]::WriteAllText((Join-Path $folder "$i.txt"), "$folder item $i") }
    }

    # A registration in another pwsh process, sharing this test's home and store.
    function Start-Registration([string] $identity, [string] $folder) {
        Start-Job -ArgumentList $Manifest, $env:CREATORLEDGER_HOME, $env:CREATORLEDGER_STORE, $env:CREATORLEDGER_PASSPHRASE, $identity, $folder {
            param($manifest, $ledgerHome, $store, $passphrase, $identity, $folder)
            $ErrorActionPreference = 'Stop'
            $env:CREATORLEDGER_HOME = $ledgerHome; $env:CREATORLEDGER_STORE = $store; $env:CREATORLEDGER_PASSPHRASE = $passphrase
            "pid:$PID"
            Import-Module $manifest
            (Get-ChildItem $folder -File | Register-LedgerWork -Identity $identity | Measure-Object).Count
        }
    }
}

AfterAll {
    Get-Job | Remove-Job -Force
    Disconnect-Ledger
    Remove-Item Env:CREATORLEDGER_HOME, Env:CREATORLEDGER_STORE, Env:CREATORLEDGER_PASSPHRASE -ErrorAction SilentlyContinue
}

Describe 'Several processes appending to one ledger file' {
    It 'all succeed, including two processes signing as the same identity, and every chain verifies' {
        New-Files (Join-Path $Root 'a') 1500
        New-Files (Join-Path $Root 'b') 1500
        New-Files (Join-Path $Root 'c') 1500
        $before = (Get-LedgerCheckpoint).Size
        $jobs = @(
            Start-Registration alice (Join-Path $Root 'a')
            Start-Registration alice (Join-Path $Root 'b')
            Start-Registration bob (Join-Path $Root 'c')
        )
        $results = $jobs | Wait-Job -Timeout 300 | Receive-Job
        $jobs | ForEach-Object { $_.State | Should -Be 'Completed' }
        ($results | Where-Object { $_ -is [int] } | Measure-Object -Sum).Sum | Should -Be 4500

        # Each registration of 1,500 works is 2 events (lists of 1,000 and 500).
        (Get-LedgerCheckpoint).Size | Should -Be ($before + 6)
        Get-LedgerWork -Owner alice | Should -HaveCount 3000
        Get-LedgerWork -Owner bob | Should -HaveCount 1500
        $report = Test-LedgerIntegrity
        $report.Valid | Should -BeTrue
        $alice = Get-LedgerEvent -Stream alice
        $alice.Seq | Should -Be (1..$alice.Count)
    }
}

Describe 'A writer killed in the middle of a registration' {
    BeforeAll {
        # A plain child process (not a job) so that it can be killed without PowerShell waiting on it.
        $script:Writer = Join-Path $Root 'writer.ps1'
        Set-Content $Writer @'
param($manifest, $folder)
$ErrorActionPreference = 'Stop'
Import-Module $manifest
# Registrations of 2,000 works: each is 2 events (lists of 1,000) appended in one transaction.
$files = @(Get-ChildItem $folder -File)
for ($i = 0; $i -lt $files.Count; $i += 2000) { $files[$i..($i + 1999)] | Register-LedgerWork -Identity bob | Out-Null }
'@
    }

    It 'leaves only whole batches, and the ledger still verifies' -ForEach @(@{ Round = 1 }, @{ Round = 2 }) {
        $folder = Join-Path $Root "kill-$Round"
        New-Files $folder 12000
        $start = (Get-LedgerCheckpoint).Size
        $process = Start-Process dotnet -PassThru -ArgumentList @('exec', (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $Writer, $Manifest, $folder)
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        # Wait until the writer has committed at least one batch, then kill it without warning.
        while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited -and (Get-LedgerCheckpoint).Size -le $start) {
            Start-Sleep -Milliseconds 20
        }
        $process.HasExited | Should -BeFalse -Because 'the writer must still be appending when it is killed'
        $process.Kill()
        $process.WaitForExit()

        $added = (Get-LedgerCheckpoint).Size - $start
        $added | Should -BeGreaterThan 0
        ($added % 2) | Should -Be 0 -Because 'each registration appends its 2 events in one transaction'
        Get-LedgerEvent -Stream bob | Select-Object -Last $added | ForEach-Object { ($_.Data | ConvertFrom-Json).works | Should -HaveCount 1000 }
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }
}
