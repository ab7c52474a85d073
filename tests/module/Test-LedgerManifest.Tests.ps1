# Test-LedgerManifest: a manifest re-checked against the ledger later — tampering, rewriting, what changed since.
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

Describe 'Test-LedgerManifest' {
    It 'verifies a fresh manifest: signature valid, every decision reproduced, all still licensed' {
        $report = Test-LedgerManifest $Manifest
        $report.SignatureValid | Should -BeTrue
        $report.Reproduced | Should -BeTrue
        $report.StillLicensed | Should -Be 2
        $report.EntryCount | Should -Be 3
        # Nothing changed, so nothing is listed; -All lists every entry, with where its sample is.
        $report.Entries | Should -BeNullOrEmpty
        $all = Test-LedgerManifest $Manifest -All
        $all.Entries.Now | Should -Be @('StillLicensed', 'StillLicensed', 'StillExcluded')
        $all.Entries[0].Location | Should -BeLike '*a.txt'
        # Nobody had signed that checkpoint: the manifest pins no note, and says so.
        $report.CheckpointNote | Should -Be 'None'
        (Get-Content $Manifest -Raw | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'checkpointNote'
    }

    It 'pins the signed note of its checkpoint when the operator signed it, and checks it with the ledger''s log key' {
        $copy = Copy-LedgerTestHome $Lab
        New-LedgerIdentity 'operator' -Role operator | Out-Null
        $signed = Publish-LedgerCheckpoint operator -Origin 'manifests.example/ledger' -Confirm:$false
        $pinned = Join-Path $copy.Root 'pinned.manifest.json'
        New-LedgerManifest -Path $Data -Use ai-train.genai -Identity lab -Run 'run-2' -OutFile $pinned | Out-Null

        (Get-Content $pinned -Raw | ConvertFrom-Json).checkpointNote | Should -Be $signed.Note
        $report = Test-LedgerManifest $pinned
        $report.CheckpointNote | Should -Be 'Signed'
        $report.Reproduced | Should -BeTrue
    }

    It 'reports a revocation appended since, with the decision at the old checkpoint unchanged' {
        $copy = Copy-LedgerTestHome $Lab
        Copy-Item $Manifest (Join-Path $copy.Root 'run.manifest.json')
        $Grant | Revoke-LedgerLicense -Identity ada -Reason 'changed my mind' | Out-Null
        $report = Test-LedgerManifest (Join-Path $copy.Root 'run.manifest.json')
        $report.Reproduced | Should -BeTrue
        $report.NoLongerLicensed | Should -Be 2
        ($report.Entries | Where-Object Path -like '*a.txt').Now | Should -Be 'Revoked'
        (Test-LedgerLicense -Path (Join-Path $Data 'a.txt') -Use ai-train.genai -Licensee lab -Checkpoint $report.Checkpoint).Decision | Should -Be 'Licensed'
    }

    It 'refuses <Case> with ManifestInvalid' -ForEach @(
        @{ Case = 'a changed byte'; Edit = { param($t) $t.Replace('"run-1"', '"run-2"') } }
        @{ Case = 'a removed entry'; Edit = { param($t) $j = $t | ConvertFrom-Json; $j.included = @($j.included[0]); $j | ConvertTo-Json -Depth 10 } }
        @{ Case = 'a signature of another key'; Edit = { param($t) $j = $t | ConvertFrom-Json; $j.signer = (Get-LedgerIdentity other).Key; $j | ConvertTo-Json -Depth 10 } }
        @{ Case = 'a file that is not a manifest'; Edit = { param($t) '{"hello": "world"}' } }
    ) {
        $tampered = Join-Path $Lab.Root "tampered-$([guid]::NewGuid().ToString('N')).json"
        Set-Content $tampered (& $Edit (Get-Content $Manifest -Raw))
        { Test-LedgerManifest $tampered } | Should -Throw -ErrorId 'ManifestInvalid,CreatorLedger.PowerShell.Commands.TestLedgerManifestCommand'
    }

    It 'refuses a manifest whose checkpoint this ledger does not have with CheckpointMismatch' {
        # A mirror holding only the identities: the licensee is known, the manifest's checkpoint is beyond its head.
        $export = Join-Path $Lab.Root 'identities.jsonl'
        Export-LedgerEvent $export -Force | Out-Null
        Set-Content $export (Get-Content $export | Select-Object -First 3)
        Connect-Ledger -Path (Join-Path $Lab.Root 'mirror.db')
        Import-LedgerEvent $export | Out-Null
        { Test-LedgerManifest $Manifest } | Should -Throw -ErrorId 'CheckpointMismatch,CreatorLedger.PowerShell.Commands.TestLedgerManifestCommand'
        Disconnect-Ledger
    }

    It 'refuses a manifest on a ledger that does not know its licensee with ManifestInvalid' {
        Connect-Ledger -Path (Join-Path $Lab.Root 'empty.db')
        { Test-LedgerManifest $Manifest } | Should -Throw -ErrorId 'ManifestInvalid,CreatorLedger.PowerShell.Commands.TestLedgerManifestCommand'
        Disconnect-Ledger
    }
}
