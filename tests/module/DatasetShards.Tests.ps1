# An AI developer checks img2dataset output: WebDataset shards whose images were re-encoded, with the SHA-256 of each
# original download in the sample's .json. Decisions say where each sample is and how its digest was had; bad shards
# are reported and never licensed; a manifest records each shard's SHA-256.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Home0 = New-LedgerTestHome 'shards'
    # ada's originals: she registered four and licensed them to lab; two other downloads are nobody's.
    $script:Originals = New-LicensedOriginals $Home0
    $script:Shards = Join-Path $Home0.Root 'shards'
    New-Img2DatasetShard (Join-Path $Shards '00000.tar') 0 $Originals[0..2].FullName | Out-Null
    New-Img2DatasetShard (Join-Path $Shards '00001.tar') 1 $Originals[3..5].FullName | Out-Null
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'Test-LedgerLicense -Shard' {
    It 'decides every sample by the digest of its original download, named by shard, key and member' {
        $decisions = Test-LedgerLicense -Shard $Shards -Use ai-train -Licensee lab

        $decisions.Decision | Should -Be @('Licensed', 'Licensed', 'Licensed', 'Licensed', 'NotRegistered', 'NotRegistered')
        $decisions[0].Path | Should -Be (Join-Path $Shards '00000.tar')
        $decisions[0].Key | Should -Be '000000000'
        $decisions[0].Member | Should -Be '000000000.jpg'
        $decisions[0].Location | Should -Be "$(Join-Path $Shards '00000.tar')#000000000.jpg"
        $decisions.DigestSource | Sort-Object -Unique | Should -Be 'Metadata'
        $decisions[3].Work | Should -Be (Get-FileSha256Digest $Originals[3].FullName)
    }

    It 'with -DigestFrom Content hashes the stored, re-encoded images, which nobody registered' {
        $decisions = Test-LedgerLicense -Shard (Join-Path $Shards '*.tar') -DigestFrom Content -Use ai-train -Licensee lab

        $decisions.Decision | Sort-Object -Unique | Should -Be 'NotRegistered'
        $decisions.DigestSource | Sort-Object -Unique | Should -Be 'Content'
    }

    It 'counts decisions per shard with -Summary' {
        $summary = Test-LedgerLicense -Shard $Shards -Use ai-train -Licensee lab -Summary

        $summary | ForEach-Object { "$(Split-Path $_.Source -Leaf) $($_.Decision) $($_.Count)" } |
            Should -Be @('00000.tar Licensed 3', '00001.tar Licensed 1', '00001.tar NotRegistered 2')
    }

    It 'reports a sample without a digest, one with a malformed digest and a truncated shard, and licenses none of them' {
        $bad = Join-Path $Home0.Root 'bad'
        New-Img2DatasetShard (Join-Path $bad '00000.tar') 0 $Originals[0..2].FullName -Json {
            param($meta, $i)
            if ($i -eq 0) { $meta.Remove('sha256') }
            if ($i -eq 1) { $meta.sha256 = 'deadbeef' }
        } | Out-Null
        $whole = New-Img2DatasetShard (Join-Path $bad '00001.tar') 1 $Originals[0..2].FullName
        $bytes = [IO.File]::ReadAllBytes($whole.FullName)
        [IO.File]::WriteAllBytes($whole.FullName, $bytes[0..2000])

        $decisions = Test-LedgerLicense -Shard $bad -Use ai-train -Licensee lab

        ($decisions | Where-Object Key -eq '000000000').Reason | Should -Be 'NoDigest'
        ($decisions | Where-Object Key -eq '000000001').Reason | Should -Be 'BadDigest'
        ($decisions | Where-Object Key -eq '000000002').Decision | Should -Be 'Licensed'
        $broken = $decisions | Where-Object Location -eq (Join-Path $bad '00001.tar')
        $broken.Decision | Should -Be 'Unreadable'
        $broken.Message | Should -BeLike '*truncated*'
        # The shard is cut inside its first sample: nothing of it is licensed.
        @($decisions | Where-Object { $_.Path -like '*00001.tar' -and $_.Decision -eq 'Licensed' }).Count | Should -Be 0
        ($decisions | Where-Object Decision -eq 'Unreadable').Count | Should -BeGreaterOrEqual 3
    }

    It 'takes a digest from the shard''s .parquet where the sample''s .json has none; a failed download there is no sample' {
        $side = Join-Path $Home0.Root 'sidecar'
        New-Img2DatasetShard (Join-Path $side '00000.tar') 0 $Originals[0..2].FullName -Json { param($meta, $i) $meta.Remove('sha256') } | Out-Null
        New-Img2DatasetParquet (Join-Path $side '00000.parquet') 0 $Originals[0..2].FullName -FailedKeys '000000003' | Out-Null

        $decisions = Test-LedgerLicense -Shard $side -Use ai-train -Licensee lab

        $decisions.Decision | Should -Be @('Licensed', 'Licensed', 'Licensed')
        $decisions.Key | Should -Be @('000000000', '000000001', '000000002')
        $decisions.DigestSource | Sort-Object -Unique | Should -Be 'Metadata'
        Remove-Item (Join-Path $side '00000.parquet')
        (Test-LedgerLicense -Shard $side -Use ai-train -Licensee lab).Reason | Sort-Object -Unique | Should -Be 'NoDigest'
    }

    It 'reports a name that matches nothing as PathNotFound and reads the others' {
        $decisions = Test-LedgerLicense -Shard (Join-Path $Home0.Root 'nothing-*.tar'), (Join-Path $Shards '00000.tar') -Use ai-train -Licensee lab -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors.FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $decisions.Count | Should -Be 3
    }
}

Describe 'New-LedgerManifest -Shard' {
    It 'records where each sample is, how its digest was had, and each shard''s SHA-256; the manifest reproduces' {
        $manifest = Join-Path $Home0.Root 'shards.manifest.json'
        New-LedgerManifest -Shard $Shards -Use ai-train -Identity lab -Run 'shards' -OutFile $manifest | Out-Null

        $json = Get-Content $manifest -Raw | ConvertFrom-Json
        $json.included[0].key | Should -Be '000000000'
        $json.included[0].member | Should -Be '000000000.jpg'
        $json.included[0].digestSource | Should -Be 'metadata'
        $json.excluded[0].path | Should -Be (Join-Path $Shards '00001.tar')
        $json.inputs.path | Should -Be @((Join-Path $Shards '00000.tar'), (Join-Path $Shards '00001.tar'))
        $json.inputs[1].sha256 | Should -Be (Get-FileHash (Join-Path $Shards '00001.tar') -Algorithm SHA256).Hash.ToLowerInvariant()
        (Test-LedgerManifest $manifest).Reproduced | Should -BeTrue
    }
}
