# A manifest that stands alone (issue 12, item 6): made with -WithProofs on a witnessed ledger, it is verified years
# later with no ledger at all, only the trust policy's keys; without proofs, a witnessed checkpoint or a policy, it is not.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'A manifest with proofs' {
    BeforeAll {
        # ada's songs granted by sofia under her mandate, bo's by bo; nordlab has since rotated its key, so the manifest
        # is signed by a key only nordlab's proven key history ties to it.
        $script:Society = New-SocietyFixture
        Update-LedgerIdentity -Identity nordlab -RotateKey -Confirm:$false | Out-Null
        New-LedgerIdentity operator -Role operator | Out-Null
        $script:Unsigned = $null
        try { New-LedgerManifest -Path $Society.Songs -Use ai-train.genai -Identity nordlab -Run 'too-early' -WithProofs -OutFile (Join-Path $Society.Root 'early.json') }
        catch { $script:Unsigned = $_ }
        $signed = Publish-LedgerCheckpoint operator -Origin 'society.example/ledger' -Confirm:$false
        $script:Witness = Start-TestWitness 'witness.example/one' @{ origin = 'society.example/ledger'; vkey = $signed.LogKey }
        $script:Policy = Join-Path $TestDrive 'offline.policy'
        Set-Content -LiteralPath $Policy -Value @("log $($signed.LogKey)", "witness one $($Witness.Vkey) $($Witness.Url)", 'quorum one')
        Submit-LedgerCheckpoint -Policy $Policy -Confirm:$false | Out-Null
        Connect-Ledger $Society.Store -Policy $Policy | Out-Null
        $script:Proven = Join-Path $Society.Root 'proven.manifest.json'
        $script:Made = New-LedgerManifest -Path $Society.Songs -Use ai-train.genai -Identity nordlab -Run 'run-2' -WithProofs -OutFile $Proven
        $script:Plain = Join-Path $Society.Root 'plain.manifest.json'
        New-LedgerManifest -Path $Society.Songs -Use ai-train.genai -Identity nordlab -Run 'run-3' -OutFile $Plain | Out-Null
        Stop-TestWitness $Witness
        # Years later, somewhere else: the manifest and the policy, and no ledger.
        $script:Elsewhere = New-LedgerTestHome 'auditor'
        Copy-Item $Proven, $Plain, $Policy $Elsewhere.Root
    }

    AfterAll { Stop-TestWitness $Witness }

    It 'is refused before a ledger has a signed checkpoint to prove against, with CheckpointNotSigned' {
        $Unsigned.FullyQualifiedErrorId | Should -BeLike 'CheckpointNotSigned,*'
        $Unsigned.Exception.Message | Should -BeLike '*Publish-LedgerCheckpoint*'
        Test-Path (Join-Path $Society.Root 'early.json') | Should -BeFalse
    }

    It 'carries the registrations, grants, the mandate and the key histories its entries rest on' {
        $json = Get-Content $Proven -Raw | ConvertFrom-Json
        $types = $json.proofs.event.type
        # ada's two songs are one registration (a list), bo's the other.
        ($types | Where-Object { $_ -eq 'WorkRegistered' }).Count | Should -Be 2
        ($types | Where-Object { $_ -eq 'LicenseGranted' }).Count | Should -Be 2
        $types | Should -Contain 'MandateGranted'
        $types | Should -Contain 'KeyRotated'
        $json.proofs | ForEach-Object { $_.hashes.Count | Should -BeGreaterThan 0 }
        $Made.Included | Should -Be 3
    }

    It 'verifies with no ledger: signature, signer, witnessed checkpoint and every included entry' {
        Use-LedgerTestHome $Elsewhere | Out-Null
        $report = Test-LedgerManifest (Join-Path $Elsewhere.Root 'proven.manifest.json') -Offline -Policy (Join-Path $Elsewhere.Root 'offline.policy')

        $report.Verified | Should -BeTrue
        $report.CheckpointNote | Should -Be 'Witnessed'
        $report.WitnessedAt | Should -Not -BeNullOrEmpty
        $report.SignerProven | Should -BeTrue
        $report.Proven | Should -Be 3
        $report.Unproven | Should -Be 0
        $report.BadEvents | Should -BeNullOrEmpty
        # Nothing was opened or created: there is no ledger here.
        Test-Path $Elsewhere.Store | Should -BeFalse
    }

    It 'is not verified without proofs, and says why' {
        Use-LedgerTestHome $Elsewhere | Out-Null
        $report = Test-LedgerManifest (Join-Path $Elsewhere.Root 'plain.manifest.json') -Offline -Policy (Join-Path $Elsewhere.Root 'offline.policy') -WarningVariable warnings 3>$null

        $report.Verified | Should -BeFalse
        $report.Proven | Should -Be 0
        $warnings -join "`n" | Should -BeLike '*made without -WithProofs*'
    }

    It 'is not verified under a policy whose witness did not cosign it' {
        Use-LedgerTestHome $Elsewhere | Out-Null
        $stranger = Start-TestWitness 'witness.example/stranger' @{ origin = 'society.example/ledger'; vkey = ((Get-Content (Join-Path $Elsewhere.Root 'offline.policy'))[0] -replace '^log ', '') }
        Stop-TestWitness $stranger
        $other = Join-Path $Elsewhere.Root 'stranger.policy'
        Set-Content -LiteralPath $other -Value @((Get-Content (Join-Path $Elsewhere.Root 'offline.policy'))[0], "witness stranger $($stranger.Vkey)", 'quorum stranger')

        $report = Test-LedgerManifest (Join-Path $Elsewhere.Root 'proven.manifest.json') -Offline -Policy $other -WarningVariable warnings 3>$null

        $report.Verified | Should -BeFalse
        $report.CheckpointNote | Should -Be 'Invalid'
        $warnings -join "`n" | Should -BeLike '*cosigned by its witness quorum*'
    }

    It 'needs a trust policy, with PolicyRequired' {
        Use-LedgerTestHome $Elsewhere | Out-Null
        { Test-LedgerManifest (Join-Path $Elsewhere.Root 'proven.manifest.json') -Offline } | Should -Throw -ErrorId 'PolicyRequired,*'
    }

    It 'refuses a manifest with one byte of a proof changed, with ManifestInvalid' {
        Use-LedgerTestHome $Elsewhere | Out-Null
        $json = Get-Content (Join-Path $Elsewhere.Root 'proven.manifest.json') -Raw
        $hash = ($json | ConvertFrom-Json).proofs[0].hashes[0]
        $changed = Join-Path $Elsewhere.Root 'changed.manifest.json'
        Set-Content -LiteralPath $changed -Value $json.Replace($hash, [Convert]::ToBase64String([byte[]]::new(32))) -NoNewline

        { Test-LedgerManifest $changed -Offline -Policy (Join-Path $Elsewhere.Root 'offline.policy') } | Should -Throw -ErrorId 'ManifestInvalid,*'
    }

    It 'with the ledger, also reports how many entries its proofs prove' {
        Use-LedgerTestHome $Society | Out-Null
        $report = Test-LedgerManifest $Proven -Policy $Policy 3>$null
        $report.Reproduced | Should -BeTrue
        $report.ProvenEntries | Should -Be 3
    }

    It 'is refused with ParameterConflict for a CycloneDX or SPDX document, before the dataset is read' {
        Use-LedgerTestHome $Society | Out-Null
        { New-LedgerManifest -Path $Society.Songs -Use ai-train -Identity nordlab -Run 'bom' -Format CycloneDX -WithProofs -OutFile (Join-Path $Society.Root 'bom.json') } |
            Should -Throw -ErrorId 'ParameterConflict,*'
        Test-Path (Join-Path $Society.Root 'bom.json') | Should -BeFalse
    }
}
