# Shared setup for the CreatorLedger Pester suite. Dot-source it in BeforeAll:
#   BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1'); $script:SavedEnvironment = Initialize-LedgerTestSession }
#   AfterAll  { Restore-LedgerEnvironment $script:SavedEnvironment }
# Every test gets its own home (key folder) and store file under $TestDrive, so no test sees another's ledger.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ManifestPath = Join-Path $script:RepoRoot 'CreatorLedger.psd1'
$script:VectorsPath = Join-Path $script:RepoRoot 'tests/CreatorLedger.Tests/Vectors'
$script:TestPassphraseText = 'correct horse battery staple'
$script:EmptyCheckpoint = '0:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
$script:LedgerVariables = 'CREATORLEDGER_HOME', 'CREATORLEDGER_STORE', 'CREATORLEDGER_PASSPHRASE'

function Save-LedgerEnvironment {
    $saved = @{}
    foreach ($name in $script:LedgerVariables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $saved
}

function Restore-LedgerEnvironment {
    param([hashtable] $Saved)
    # Close the store first: it lives under $TestDrive, which Pester deletes after the file.
    if (Get-Command Disconnect-Ledger -ErrorAction SilentlyContinue) { Disconnect-Ledger }
    foreach ($name in $script:LedgerVariables) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
}

# Saves the caller's environment, imports the module from the repo root and returns what to restore in AfterAll.
function Initialize-LedgerTestSession {
    $saved = Save-LedgerEnvironment
    Import-Module $script:ManifestPath -ErrorAction Stop
    $saved
}

# A fresh, empty home (keys in <home>/keys) and store path, with the session pointed at them.
function New-LedgerTestHome {
    param([string] $Name = 'ledger')
    $root = Join-Path $TestDrive ('{0}-{1}' -f $Name, [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $root | Out-Null
    Use-LedgerTestHome ([pscustomobject]@{
            Root  = $root
            Home  = Join-Path $root 'home'
            Keys  = Join-Path $root 'home/keys'
            Store = Join-Path $root 'ledger.db'
        })
}

# Points the session (env vars, store) at a test home and returns it.
function Use-LedgerTestHome {
    param([Parameter(Mandatory)] $TestHome)
    $env:CREATORLEDGER_HOME = $TestHome.Home
    $env:CREATORLEDGER_STORE = $TestHome.Store
    $env:CREATORLEDGER_PASSPHRASE = $script:TestPassphraseText
    # The session keeps its store open; reopen it from CREATORLEDGER_STORE.
    Disconnect-Ledger
    $TestHome
}

# A fresh copy of a prepared test home (keys and store), so each test can change it without paying again for
# the identities and registrations it starts from (every signature costs an Argon2id key unlock).
function Copy-LedgerTestHome {
    param([Parameter(Mandatory)] $From)
    Disconnect-Ledger
    $root = Join-Path $TestDrive ('copy-{0}' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    Copy-Item -LiteralPath $From.Root -Destination $root -Recurse
    Use-LedgerTestHome ([pscustomobject]@{
            Root  = $root
            Home  = Join-Path $root 'home'
            Keys  = Join-Path $root 'home/keys'
            Store = Join-Path $root 'ledger.db'
        })
}

# A folder of small files with distinct content (distinct SHA-256), optionally with a subfolder.
function New-SampleFiles {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Count = 3,
        [string] $Extension = '.txt',
        [switch] $WithSubfolder
    )
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    $salt = [guid]::NewGuid().ToString('N')
    $files = foreach ($i in 1..$Count) {
        $folder = if ($WithSubfolder -and $i % 2 -eq 0) { Join-Path $Path 'sub' } else { $Path }
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $file = Join-Path $folder ('work{0:d2}{1}' -f $i, $Extension)
        [IO.File]::WriteAllText($file, "sample work $i $salt")
        Get-Item -LiteralPath $file
    }
    $files
}

function ConvertTo-TestSecureString {
    param([Parameter(Mandatory)] [string] $Text)
    ConvertTo-SecureString $Text -AsPlainText -Force
}

function Get-CheckpointText { (Get-LedgerCheckpoint).Text }

function Get-FileSha256Digest {
    param([Parameter(Mandatory)] [string] $LiteralPath)
    'sha256:' + (Get-FileHash -LiteralPath $LiteralPath -Algorithm SHA256).Hash.ToLowerInvariant()
}

# A fingerprint of every key file in a home, to show that a failed command left the keys alone.
function Get-KeyFolderState {
    param([Parameter(Mandatory)] $TestHome)
    if (-not (Test-Path -LiteralPath $TestHome.Keys)) { return '' }
    (Get-ChildItem -LiteralPath $TestHome.Keys -File | Sort-Object Name |
        ForEach-Object { '{0}={1}' -f $_.Name, (Get-FileHash -LiteralPath $_.FullName).Hash }) -join ';'
}

function Get-VectorFile {
    param([Parameter(Mandatory)] [string] $Name)
    Join-Path $script:VectorsPath $Name
}

function Get-VectorExpectation {
    Get-Content -LiteralPath (Get-VectorFile 'ledger-v1.expected.json') -Raw | ConvertFrom-Json
}

# A developer's dataset on a fresh ledger: ada (creator) registered a.txt and b.txt and granted lab (developer)
# ai-train on both; c.txt is not registered; lab wrote the manifest of run 'run-1' for ai-train.genai.
function New-ManifestFixture {
    $fixture = New-LedgerTestHome 'manifest'
    New-LedgerIdentity -Name ada | Out-Null
    New-LedgerIdentity -Name lab -Role developer | Out-Null
    New-LedgerIdentity -Name other -Role developer | Out-Null
    $data = New-Item -ItemType Directory (Join-Path $fixture.Root 'dataset')
    Set-Content (Join-Path $data 'a.txt') 'first work'
    Set-Content (Join-Path $data 'b.txt') 'second work'
    Set-Content (Join-Path $data 'c.txt') 'not registered'
    $works = Register-LedgerWork -LiteralPath (Join-Path $data 'a.txt'), (Join-Path $data 'b.txt') -Identity ada
    $grant = $works | Grant-LedgerLicense -Identity ada -Licensee lab -Use ai-train -Until (Get-Date).AddYears(1)
    $manifest = Join-Path $fixture.Root 'run.manifest.json'
    $info = New-LedgerManifest -Path $data -Use ai-train.genai -Identity lab -Run 'run-1' -OutFile $manifest
    $fixture | Add-Member -PassThru -NotePropertyMembers @{ Data = $data.FullName; Works = $works; Grant = $grant; Manifest = $manifest; Info = $info }
}

# A collecting society's world on a fresh ledger: ada (creator, songs one and two) mandated sofia (society) for
# ai-train at 10 %; sofia granted nordlab (developer) all of ada's works at 0.05 EUR per work; bo (creator, no
# mandate) granted nordlab his song at 1 EUR per run; nordlab wrote the manifest of run-1 over the songs folder.
function New-SocietyFixture {
    $fixture = New-LedgerTestHome 'society'
    New-LedgerIdentity -Name ada | Out-Null
    New-LedgerIdentity -Name bo | Out-Null
    New-LedgerIdentity -Name sofia -Role society | Out-Null
    New-LedgerIdentity -Name nordlab -Role developer | Out-Null
    New-LedgerIdentity -Name other -Role developer | Out-Null
    $songs = New-Item -ItemType Directory (Join-Path $fixture.Root 'songs')
    Set-Content (Join-Path $songs 'one.txt') "la la $([guid]::NewGuid())"
    Set-Content (Join-Path $songs 'two.txt') "do re mi $([guid]::NewGuid())"
    Set-Content (Join-Path $songs 'bo.txt') "bo sings $([guid]::NewGuid())"
    $ada = Register-LedgerWork -LiteralPath (Join-Path $songs 'one.txt'), (Join-Path $songs 'two.txt') -Identity ada
    $bo = Register-LedgerWork -LiteralPath (Join-Path $songs 'bo.txt') -Identity bo
    $mandate = Grant-LedgerMandate sofia -AllWorks -Identity ada -Use ai-train -CommissionPercent 10 -Confirm:$false
    $agentGrant = Grant-LedgerLicense -AllWorks -Owner ada -Identity sofia -Licensee nordlab -Use ai-train -Fee 0.05 -Currency EUR -Per work -Confirm:$false
    $boGrant = $bo | Grant-LedgerLicense -Identity bo -Licensee nordlab -Use ai-train -Fee 1 -Currency EUR -Per run -Confirm:$false
    $manifest = Join-Path $fixture.Root 'run-1.manifest.json'
    New-LedgerManifest -Path $songs -Use ai-train.genai -Identity nordlab -Run 'run-1' -OutFile $manifest | Out-Null
    $fixture | Add-Member -PassThru -NotePropertyMembers @{
        Songs = $songs.FullName; AdaWorks = $ada; BoWork = $bo; Mandate = $mandate; AgentGrant = $agentGrant; BoGrant = $boGrant
        Manifest = $manifest; Month = [DateTime]::UtcNow.ToString('yyyy-MM')
    }
}

# A new, empty database on the throwaway PostgreSQL server the test run started (./build.ps1 -Task Test names it in
# CREATORLEDGER_TEST_POSTGRES); its connection string. Without a server the test fails: it never skips silently.
function New-TestPostgresDatabase {
    if (-not $env:CREATORLEDGER_TEST_POSTGRES) {
        throw 'CREATORLEDGER_TEST_POSTGRES names no PostgreSQL server: run the tests with ./build.ps1 -Task Test, which starts one.'
    }
    Add-Type -Path (Join-Path $script:RepoRoot 'module/bin/Npgsql.dll')
    $name = 'cl_pester_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $connection = [Npgsql.NpgsqlConnection]::new($env:CREATORLEDGER_TEST_POSTGRES)
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = "CREATE DATABASE $name"
        $null = $command.ExecuteNonQuery()
    }
    finally { $connection.Dispose() }
    $builder = [Npgsql.NpgsqlConnectionStringBuilder]::new($env:CREATORLEDGER_TEST_POSTGRES)
    $builder.Database = $name
    $builder.ConnectionString
}

# The in-process EventStoreDB protocol server of the xunit suite, started as a process on a loopback port (plain
# HTTP/2, or TLS with a certificate of a private authority made for it, and optionally a required user). It serves
# until Stop-TestEventStoreDb closes its standard input. ./build.ps1 -Task Test builds it into .artifacts.
function Start-TestEventStoreDb {
    param([switch] $Tls, [string] $User, [string] $Password)
    $dll = Join-Path $script:RepoRoot '.artifacts/test-eventstoredb/CreatorLedger.TestEventStoreDb.dll'
    if (-not (Test-Path $dll)) {
        & dotnet build (Join-Path $script:RepoRoot 'tests/CreatorLedger.TestEventStoreDb/CreatorLedger.TestEventStoreDb.csproj') -c Release `
            -o (Split-Path $dll) --nologo --verbosity quiet | Out-Null
    }
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($dll)
    if ($Tls) { $folder = Join-Path $TestDrive ('esdb-ca-' + [guid]::NewGuid().ToString('N').Substring(0, 8)); New-Item -ItemType Directory $folder | Out-Null; $start.ArgumentList.Add('--tls'); $start.ArgumentList.Add($folder) }
    if ($User) { foreach ($a in '--user', $User, '--password', $Password) { $start.ArgumentList.Add($a) } }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $ca = $null; $port = $null
    while ($null -eq $port) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'The test EventStoreDB server exited before it listened.' }
        if ($line -like 'ca *') { $ca = $line.Substring(3) }
        if ($line -like 'port *') { $port = [int]$line.Substring(5) }
    }
    [pscustomobject]@{ Process = $process; Port = $port; CaFile = $ca }
}

function Stop-TestEventStoreDb {
    param($Server)
    if (-not $Server) { return }
    $Server.Process.StandardInput.Close()
    if (-not $Server.Process.WaitForExit(10000)) { $Server.Process.Kill() }
    $Server.Process.Dispose()
}

# [CreatorLedgerTests.SetClock]: a TimeProvider whose now a test sets, for [CreatorLedger.PowerShell.LedgerSession]::Clock.
function Add-SetClockType {
    if ('CreatorLedgerTests.SetClock' -as [type]) { return }
    Add-Type -TypeDefinition @'
namespace CreatorLedgerTests
{
    public sealed class SetClock : System.TimeProvider
    {
        public SetClock(System.DateTimeOffset now) { Now = now; }
        public System.DateTimeOffset Now { get; set; }
        public override System.DateTimeOffset GetUtcNow() => Now;
    }
}
'@
}

# A witness (src/CreatorLedger.Witness) as a process on a loopback port, witnessing the logs given as @{ origin; vkey }.
# Returns its Url (submission prefix), Name, Vkey (for policies) and Process; Stop-TestWitness ends it. The state file is
# kept in -Folder, so a witness started again on the same folder remembers what it cosigned.
function Start-TestWitness {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [object[]] $Logs, [string] $Folder, [string] $Fault)
    $dll = Join-Path $script:RepoRoot '.artifacts/witness/CreatorLedger.Witness.dll'
    if (-not (Test-Path $dll)) {
        & dotnet build (Join-Path $script:RepoRoot 'src/CreatorLedger.Witness/CreatorLedger.Witness.csproj') -c Release `
            -o (Split-Path $dll) --nologo --verbosity quiet | Out-Null
    }
    if (-not $Folder) { $Folder = Join-Path $TestDrive ('witness-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
    New-Item -ItemType Directory -Force $Folder | Out-Null
    $key = Join-Path $Folder 'witness.key'
    if (-not (Test-Path $key)) {
        & dotnet $dll --new-key $key --name $Name | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "The witness could not make its key (exit $LASTEXITCODE)." }
    }
    $config = Join-Path $Folder 'witness.json'
    @{ name = $Name; keyFile = 'witness.key'; stateFile = 'witness.db'; listen = 'http://127.0.0.1:0'; prefix = '/w'
        logs = @($Logs | ForEach-Object { @{ origin = $_.origin; vkey = $_.vkey } }) } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $config
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $dll, '--config', $config) { $start.ArgumentList.Add($a) }
    if ($Fault) { $start.Environment['CREATORLEDGER_WITNESS_FAULT'] = $Fault }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $url = $null; $vkey = $null
    while ($null -eq $vkey) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { throw "The witness $Name exited before it listened (exit $($process.ExitCode))." }
        if ($line -like 'listening on *') { $url = $line.Substring(13) + '/w' }
        if ($line -like 'vkey *') { $vkey = $line.Substring(5) }
    }
    [pscustomobject]@{ Process = $process; Url = $url; Name = $Name; Vkey = $vkey; Folder = $Folder }
}

function Stop-TestWitness {
    param($Witness)
    # Stopping a witness twice (a test that stops it, then AfterAll) is harmless.
    if (-not $Witness -or $Witness.PSObject.Properties['Stopped']) { return }
    if (-not $Witness.Process.HasExited) { $Witness.Process.Kill() }
    $Witness.Process.WaitForExit()
    $Witness.Process.Dispose()
    $Witness | Add-Member -NotePropertyName Stopped -NotePropertyValue $true
}

# The PowerShell block of a README section marked <!-- readme-NAME:start --> … <!-- readme-NAME:end -->.
function Get-ReadmeExample {
    param([Parameter(Mandatory)] [string] $Name)
    $readme = Get-Content (Join-Path $script:RepoRoot 'README.md') -Raw
    [regex]::Match($readme, "(?s)<!-- readme-$($Name):start -->\s*``````powershell\s*(.*?)``````\s*<!-- readme-$($Name):end -->").Groups[1].Value
}

# Runs a README example as a user would: in a fresh process, in a folder of its own ($TestDrive/<Name>) with a fresh
# home, its 'Import-Module ./CreatorLedger.psd1' pointed at the built module and followed by -AfterImport. -Collect
# runs in that process too (the module's types are there) and turns the example's output into what the test checks.
function Invoke-ReadmeScript {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [scriptblock] $Collect,
        [string] $AfterImport = '',
        [string] $Postgres = '',
        # Paths the example names relative to the repository root (it runs from there), mapped to where they are.
        [string[]] $RepoPaths = @()
    )
    $work = Join-Path $TestDrive $Name
    New-Item -ItemType Directory -Force $work | Out-Null
    $import = 'Import-Module ./CreatorLedger.psd1'
    if (-not $Script.Contains($import)) { throw "The README example '$Name' does not start with $import." }
    $Script = $Script.Replace($import, "Import-Module '$($script:ManifestPath)'`n$AfterImport")
    foreach ($path in $RepoPaths) { $Script = $Script.Replace("./$path", (Join-Path $script:RepoRoot $path)) }
    $job = Start-Job -WorkingDirectory $work -ArgumentList $Script, (Join-Path $work 'home'), $Collect.ToString(), $Postgres {
        param($script, $ledgerHome, $collect, $postgres)
        $ErrorActionPreference = 'Stop'
        $env:CREATORLEDGER_HOME = $ledgerHome
        $env:CREATORLEDGER_STORE = $null
        $env:CREATORLEDGER_POSTGRES = if ($postgres) { $postgres } else { $null }
        $env:CREATORLEDGER_PASSPHRASE = 'readme passphrase'
        $output = & ([scriptblock]::Create($script))
        & ([scriptblock]::Create($collect)) $output
    }
    $result = $job | Wait-Job -Timeout 300 | Receive-Job -ErrorAction Stop
    if ($job.State -ne 'Completed') { throw "The README example '$Name' did not complete: $($job.State)." }
    $result
}

# A WebDataset shard as img2dataset writes one (output_format webdataset, compute_hash sha256): per sample <key>.jpg (the
# re-encoded image), <key>.txt (the caption) and <key>.json (url, caption, key, status, sizes, and the SHA-256 of the
# original download), as ustar members, the way Python's tarfile writes short ASCII names, ended by zero blocks.
# -Originals are the downloads (what creators registered); -Json edits a sample's metadata (a test's damage).
function New-Img2DatasetShard {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Shard, [Parameter(Mandatory)] [string[]] $Originals, [scriptblock] $Json)
    New-Item -ItemType Directory -Force (Split-Path $Path) | Out-Null
    $file = [IO.File]::Create($Path)
    $writer = [System.Formats.Tar.TarWriter]::new($file, [System.Formats.Tar.TarEntryFormat]::Ustar, $false)
    try {
        for ($i = 0; $i -lt $Originals.Count; $i++) {
            $key = '{0:00000}{1:0000}' -f $Shard, $i
            $original = [IO.File]::ReadAllBytes($Originals[$i])
            $sha = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($original)).ToLowerInvariant()
            $meta = [ordered]@{ url = "https://images.example/$key.jpg"; caption = "picture $key"; key = $key; status = 'success'; error_message = $null
                width = 256; height = 256; original_width = 1024; original_height = 768; exif = '{}'; sha256 = $sha }
            if ($Json) { & $Json $meta $i }
            $members = [ordered]@{
                "$key.jpg"  = [Text.Encoding]::UTF8.GetBytes("re-encoded $sha")
                "$key.txt"  = [Text.Encoding]::UTF8.GetBytes("picture $key")
                "$key.json" = [Text.Encoding]::UTF8.GetBytes(($meta | ConvertTo-Json -Compress))
            }
            foreach ($name in $members.Keys) {
                $entry = [System.Formats.Tar.UstarTarEntry]::new([System.Formats.Tar.TarEntryType]::RegularFile, $name)
                $entry.DataStream = [IO.MemoryStream]::new($members[$name])
                $writer.WriteEntry($entry)
            }
        }
    }
    finally { $writer.Dispose(); $file.Dispose() }
    Get-Item $Path
}

# ada's six original downloads, as a dataset's samples are made from: she registered the first four and licensed them
# to lab (a developer) for ai-train; the last two are nobody's. Returns the files.
function New-LicensedOriginals {
    param([Parameter(Mandatory)] $TestHome)
    New-LedgerIdentity ada | Out-Null
    New-LedgerIdentity lab -Role developer | Out-Null
    $originals = New-SampleFiles -Path (Join-Path $TestHome.Root 'originals') -Count 6 -Extension '.jpg'
    $originals[0..3] | Register-LedgerWork -Identity ada | Out-Null
    Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false | Out-Null
    $originals
}

# SQL run in DuckDB (native, in process): it writes the Parquet fixtures as people's tools write them, so the module's
# reader is never checked against its own writer. The assemblies come from the NuGet packages folder, where
# tests/module/pester.csproj restores them; the native library is loaded by path first, as pwsh probes no package's
# runtimes/ folder.
function Invoke-DuckDb {
    param([Parameter(Mandatory)] [string] $Sql)
    if (-not ('DuckDB.NET.Data.DuckDBConnection' -as [type])) {
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $bindings = Join-Path $packages 'duckdb.net.bindings.full/1.5.6.1'
        $arch = if ([Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
        $rid = if ($IsWindows) { "win-$arch" } elseif ($IsMacOS) { 'osx' } else { "linux-$arch" }
        $native = Get-ChildItem (Join-Path $bindings "runtimes/$rid/native") -File | Select-Object -First 1
        [void][Runtime.InteropServices.NativeLibrary]::Load($native.FullName)
        Add-Type -Path (Join-Path $packages 'apache.arrow/23.0.0/lib/net8.0/Apache.Arrow.dll')
        Add-Type -Path (Join-Path $bindings 'lib/net8.0/DuckDB.NET.Bindings.dll')
        Add-Type -Path (Join-Path $packages 'duckdb.net.data.full/1.5.6.1/lib/net8.0/DuckDB.NET.Data.dll')
    }
    $duck = [DuckDB.NET.Data.DuckDBConnection]::new('Data Source=:memory:')
    try {
        $duck.Open()
        $command = $duck.CreateCommand()
        $command.CommandText = $Sql
        [void]$command.ExecuteNonQuery()
    }
    finally { $duck.Dispose() }
}

function ConvertTo-SqlText([AllowNull()] [string] $Value) { if ($null -eq $Value) { 'NULL' } else { "'" + $Value.Replace("'", "''") + "'" } }

# The .parquet img2dataset writes beside a shard (DuckDB here, pyarrow there): a row per sample it tried, with the keys
# and .json fields New-Img2DatasetShard uses, and failed downloads with their error and no sha256.
function New-Img2DatasetParquet {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Shard, [string[]] $Originals = @(), [string[]] $FailedKeys = @(),
        [string] $Options = '')
    New-Item -ItemType Directory -Force (Split-Path $Path) | Out-Null
    $rows = @(for ($i = 0; $i -lt $Originals.Count; $i++) {
            $key = '{0:00000}{1:0000}' -f $Shard, $i
            $sha = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes($Originals[$i]))).ToLowerInvariant()
            "('$key', 'https://images.example/$key.jpg', 'picture $key', 'success', NULL, 256, 256, 1024, 768, '{}', '$sha')"
        }) + @($FailedKeys | ForEach-Object { "('$_', 'https://images.example/$_.jpg', 'picture $_', 'failed_to_download', 'HTTP Error 404: Not Found', NULL, NULL, NULL, NULL, NULL, NULL)" })
    $with = if ($Options) { ", $Options" } else { '' }
    Invoke-DuckDb @"
COPY (SELECT * FROM (VALUES $($rows -join ",`n"))
        AS t(key, url, caption, status, error_message, width, height, original_width, original_height, exif, sha256) ORDER BY key)
TO '$($Path.Replace("'", "''"))' (FORMAT parquet$with)
"@
    Get-Item -LiteralPath $Path
}

# A Hugging Face image dataset's Parquet file: the struct image {bytes, path} its Image feature writes, and a text
# column. Each row is @{ File = <whose bytes are the image>; Path = <image.path> }; a row without File has no image.
function New-HuggingFaceImageParquet {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Rows)
    New-Item -ItemType Directory -Force (Split-Path $Path) | Out-Null
    $values = foreach ($row in $Rows) {
        if ($row.File) {
            $hex = [Convert]::ToHexString([IO.File]::ReadAllBytes($row.File))
            "({'bytes': from_hex('$hex'), 'path': $(ConvertTo-SqlText $row.Path)}, $(ConvertTo-SqlText $row.Text))"
        }
        else { "(NULL, $(ConvertTo-SqlText $row.Text))" }
    }
    Invoke-DuckDb "COPY (SELECT * FROM (VALUES $($values -join ",`n")) AS t(image, text)) TO '$($Path.Replace("'", "''"))' (FORMAT parquet)"
    Get-Item -LiteralPath $Path
}
