# New-LedgerManifest: a developer writes the signed training-data manifest of a run, or its CycloneDX or SPDX export.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Lab = New-ManifestFixture
    $script:Data = $Lab.Data
    $script:Works = $Lab.Works
    $script:Grant = $Lab.Grant
    $script:Manifest = $Lab.Manifest
    $script:Info = $Lab.Info
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'New-LedgerManifest' {
    It 'writes a signed manifest of included and excluded files at the current checkpoint' {
        $Info.Included | Should -Be 2
        $Info.Excluded | Should -Be 1
        $Info.Checkpoint | Should -Be (Get-LedgerCheckpoint).Text
        $json = Get-Content $Manifest -Raw | ConvertFrom-Json
        $json.run | Should -Be 'run-1'
        $json.use | Should -Be 'ai-train.genai'
        $json.checkpoint.size | Should -Be (Get-LedgerCheckpoint).Size
        @($json.included).Count | Should -Be 2
        $json.included[0].grants | Should -Be @($Grant.GrantId)
        $json.excluded[0].reason | Should -Be 'NotRegistered'
        $json.sig | Should -Not -BeNullOrEmpty
    }

    It 'exports the same decisions as a CycloneDX 1.6 BOM with -Format CycloneDX' {
        $bomPath = Join-Path $Lab.Root 'run.cdx.json'
        New-LedgerManifest -Path $Data -Use ai-train.genai -Identity lab -Run 'run-1' -OutFile $bomPath -Format CycloneDX | Out-Null
        $bom = Get-Content $bomPath -Raw | ConvertFrom-Json
        $bom.bomFormat | Should -Be 'CycloneDX'
        $bom.specVersion | Should -Be '1.6'
        @($bom.components[0].components).Count | Should -Be 3
        ($bom.metadata.properties | Where-Object name -eq 'creatorledger:checkpoint').value | Should -Be $Info.Checkpoint
    }

    It 'exports an SPDX 3.0.1 JSON-LD document with -Format Spdx' {
        $spdxPath = Join-Path $Lab.Root 'run.spdx.json'
        New-LedgerManifest -Path $Data -Use ai-train.genai -Identity lab -Run 'run-1' -OutFile $spdxPath -Format Spdx | Out-Null
        $spdx = Get-Content $spdxPath -Raw | ConvertFrom-Json
        $spdx.'@context' | Should -Be 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld'
        @($spdx.'@graph' | Where-Object type -eq 'software_File').Count | Should -Be 2
        @($spdx.'@graph' | Where-Object type -eq 'SpdxDocument').Count | Should -Be 1
    }

    It 'refuses to overwrite a manifest without -Force' {
        { New-LedgerManifest -Path $Data -Use ai-train -Identity lab -Run 'again' -OutFile $Manifest } |
            Should -Throw -ErrorId 'FileExists,CreatorLedger.PowerShell.Commands.NewLedgerManifestCommand'
    }
}
