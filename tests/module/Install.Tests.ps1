# The module as PowerShell users get it: ./build.ps1 -Task Package makes a .nupkg; PSResourceGet publishes it to a
# local repository folder and installs it from there; a fresh pwsh, with no checkout in sight, imports CreatorLedger by
# name and runs real commands, its native libraries (libsodium, SQLite) loaded from the installed folder.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Build = Join-Path $RepoRoot 'build.ps1'
    & dotnet pwsh -NoProfile -NonInteractive -File $Build -Task Package | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "build.ps1 -Task Package failed with exit code $LASTEXITCODE" }
    $script:Package = Get-ChildItem (Join-Path $RepoRoot '.artifacts/package') -Filter 'CreatorLedger.*.nupkg' | Select-Object -First 1

    # A user of their own: a home folder no other test uses, and nothing inherited that could point at the checkout.
    $script:UserHome = Join-Path $TestDrive 'user'
    New-Item -ItemType Directory $UserHome | Out-Null

    # Runs a script in a new pwsh as that user, in their home; returns what it wrote (JSON) or throws with its errors.
    function Invoke-AsUser([string] $Script) {
        $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $Script)) { $start.ArgumentList.Add($argument) }
        $start.WorkingDirectory = $UserHome
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        foreach ($name in @('PSModulePath', 'CREATORLEDGER_HOME', 'CREATORLEDGER_STORE', 'CREATORLEDGER_POSTGRES', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME')) {
            [void]$start.Environment.Remove($name)
        }
        $start.Environment['HOME'] = $UserHome
        $start.Environment['CREATORLEDGER_PASSPHRASE'] = 'correct horse battery staple'
        $start.Environment['NO_COLOR'] = '1'
        $process = [Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "pwsh exited with $($process.ExitCode): $output $($errors.Result)" }
        $output
    }
}

Describe 'Installing CreatorLedger with PSResourceGet' {
    It 'packages the module as a .nupkg with the manifest the PowerShell Gallery asks for' {
        $Package | Should -Not -BeNullOrEmpty
        $manifest = Import-PowerShellDataFile $ManifestPath
        $Package.Name | Should -Be "CreatorLedger.$($manifest.ModuleVersion).nupkg"
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $manifest.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $manifest.PrivateData.PSData.LicenseUri | Should -Match '^https://'
    }

    It 'publishes to a local repository, installs from it, and imports by name in a fresh pwsh' {
        $repository = Join-Path $TestDrive 'repository'
        New-Item -ItemType Directory $repository | Out-Null
        Invoke-AsUser @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name CreatorLedgerTest -Uri '$repository' -Trusted
Publish-PSResource -NupkgPath '$($Package.FullName)' -Repository CreatorLedgerTest
Install-PSResource CreatorLedger -Repository CreatorLedgerTest -Scope CurrentUser -TrustRepository -Quiet
"@ | Out-Null
        Get-ChildItem $repository -Filter 'CreatorLedger.*.nupkg' | Should -HaveCount 1

        $json = Invoke-AsUser @'
$ErrorActionPreference = 'Stop'
Import-Module CreatorLedger
$module = Get-Module CreatorLedger
$identity = New-LedgerIdentity ada
$checkpoint = Get-LedgerCheckpoint
$native = [Diagnostics.Process]::GetCurrentProcess().Modules | Where-Object { $_.ModuleName -match 'libsodium|e_sqlite3' } | ForEach-Object FileName
[pscustomobject]@{ Base = $module.ModuleBase; Version = "$($module.Version)"; Did = $identity.Did; Size = $checkpoint.Size; Native = @($native); Home = $HOME } | ConvertTo-Json
'@
        $result = $json | ConvertFrom-Json
        $result.Base | Should -BeLike "$UserHome/*"
        $result.Base | Should -Not -BeLike "$RepoRoot*"
        $result.Version | Should -Be (Import-PowerShellDataFile $ManifestPath).ModuleVersion
        $result.Did | Should -Match '^did:key:z6Mk'
        $result.Size | Should -Be 1
        $result.Native | Should -HaveCount 2
        foreach ($library in $result.Native) { $library | Should -BeLike "$($result.Base)/*" }
        Test-Path (Join-Path $UserHome '.creatorledger/ledger.db') | Should -BeTrue
    }
}
