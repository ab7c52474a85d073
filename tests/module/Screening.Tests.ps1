# An AI developer screens a dataset against hash lists of known illegal material in the same pass as the licence
# check (DESIGN §11). Lists are generated here from harmless pictures: the PDQ conformance images (with the hashes
# Meta's reference gives them) and generated files. Never real material.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Home0 = New-LedgerTestHome 'screening'
    $script:Pictures = Get-VectorFile 'pdq/images'
    $script:Expected = Get-Content -LiteralPath (Get-VectorFile 'pdq/expected.json') -Raw | ConvertFrom-Json

    # A WebDataset folder of two shards: real pictures (JPEG, PNG) and a caption each, made with tar as people make them.
    $script:Shards = Join-Path $Home0.Root 'shards'
    $staging = Join-Path $Home0.Root 'staging'
    New-Item -ItemType Directory -Force $Shards, $staging | Out-Null
    $script:Samples = [ordered]@{
        '000000000' = 'a-q40.jpg'; '000000001' = 'b-base.png'; '000000002' = 's-tiny-64x64.png'
        '000010000' = 'c-half.jpg'; '000010001' = 's-tall-300x900.jpg'; '000010002' = 'b-rot90.png'
    }
    foreach ($key in $Samples.Keys) {
        $extension = [IO.Path]::GetExtension($Samples[$key])
        Copy-Item (Join-Path $Pictures $Samples[$key]) (Join-Path $staging "$key$extension")
        Set-Content -LiteralPath (Join-Path $staging "$key.txt") -Value "picture $key" -NoNewline
    }
    Push-Location $staging
    try {
        & tar --format=ustar -cf (Join-Path $Shards '00000.tar') (Get-ChildItem '00000*' -Name | Sort-Object)
        & tar --format=ustar -cf (Join-Path $Shards '00001.tar') (Get-ChildItem '00001*' -Name | Sort-Object)
    }
    finally { Pop-Location }

    # ada registered every picture and licensed them all to lab: only screening keeps a sample out.
    New-LedgerIdentity ada | Out-Null
    New-LedgerIdentity lab -Role developer | Out-Null
    Get-ChildItem $staging -Exclude '*.txt' | Register-LedgerWork -Identity ada | Out-Null
    Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false | Out-Null

    function script:Get-Md5([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm MD5).Hash.ToLowerInvariant() }

    # The hotline's list as of November: the MD5 of one picture, and the reference PDQ hash of another's original
    # (the dataset holds a re-encoded copy at quality 40), besides hashes of nothing in the dataset.
    $script:ListV1 = Join-Path $Home0.Root 'hotline-v1.txt'
    @(
        '# name: test-hotline'
        '# issuer: CreatorLedger tests (generated, harmless)'
        '# version: 2026-11'
        (Get-Md5 (Join-Path $Pictures 'b-base.png'))
        "pdq:$($Expected.images.'a-base.jpg'.pdq),$($Expected.images.'a-base.jpg'.quality)"
        ('0' * 64)
        "md5:$('1' * 32)"
    ) | Set-Content -LiteralPath $ListV1
    # December's list adds the reference PDQ hash of c-base.jpg: the dataset holds it at half size.
    $script:ListV2 = Join-Path $Home0.Root 'hotline-v2.txt'
    (Get-Content $ListV1) -replace '2026-11', '2026-12' | Set-Content -LiteralPath $ListV2
    "pdq:$($Expected.images.'c-base.jpg'.pdq)" | Add-Content -LiteralPath $ListV2
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'Screening a shard folder with -Blocklist' {
    It 'prohibits the listed samples whatever their grants, by MD5 and by PDQ distance, and licenses the rest' {
        $decisions = Test-LedgerLicense -Shard $Shards -DigestFrom Content -Use ai-train -Licensee lab -Blocklist $ListV1

        $decisions.Key | Should -Be @($Samples.Keys)
        $decisions.Decision | Should -Be @('Prohibited', 'Prohibited', 'Licensed', 'Licensed', 'Licensed', 'Licensed')
        $pdq = $decisions[0]
        $pdq.Reason | Should -Be 'PdqMatch'
        $pdq.List | Should -Be 'test-hotline'
        $pdq.Distance | Should -BeLessOrEqual 31
        $pdq.Message | Should -BeLike "*'test-hotline' (version 2026-11)*PDQ*distance $($pdq.Distance)*"
        $pdq.Location | Should -Be "$(Join-Path $Shards '00000.tar')#000000000.jpg"
        $pdq.GrantIds | Should -BeNullOrEmpty
        $decisions[1].Reason | Should -Be 'Md5Match'
        $decisions[1].Distance | Should -BeNullOrEmpty
    }

    It 'prints no hash of a prohibited sample but the digest its decision carries, and no list entry' {
        $out = Test-LedgerLicense -Shard $Shards -DigestFrom Content -Use ai-train -Licensee lab -Blocklist $ListV1 -Verbose 4>&1 | Out-String -Width 400

        $out | Should -Not -BeLike "*$(Get-Md5 (Join-Path $Pictures 'b-base.png'))*"
        $out | Should -Not -BeLike "*$($Expected.images.'a-base.jpg'.pdq)*"
        $out | Should -BeLike "*Screening with the list 'test-hotline' version 2026-11*4 entries*bytes per entry*"
    }

    It 'counts Prohibited samples per shard with -Summary' {
        $summary = Test-LedgerLicense -Shard $Shards -DigestFrom Content -Use ai-train -Licensee lab -Blocklist $ListV1 -Summary

        $summary | ForEach-Object { "$(Split-Path $_.Source -Leaf) $($_.Decision) $($_.Reason) $($_.Count)" } |
            Should -Be @('00000.tar Licensed Licensed 1', '00000.tar Prohibited Md5Match 1', '00000.tar Prohibited PdqMatch 1', '00001.tar Licensed Licensed 3')
    }

    It 'screens loose files the same way, and without -Blocklist licenses them all' {
        $files = Get-ChildItem (Join-Path $Home0.Root 'staging') -Exclude '*.txt' | Sort-Object Name

        ($files | Test-LedgerLicense -Use ai-train -Licensee lab -Blocklist $ListV1).Decision |
            Should -Be @('Prohibited', 'Prohibited', 'Licensed', 'Licensed', 'Licensed', 'Licensed')
        ($files | Test-LedgerLicense -Use ai-train -Licensee lab).Decision | Sort-Object -Unique | Should -Be 'Licensed'
    }
}

Describe 'A manifest screened, then screened again with a newer list' {
    BeforeAll {
        $script:Manifest = Join-Path $Home0.Root 'run-7.json'
        $script:Written = New-LedgerManifest -Shard $Shards -DigestFrom Content -Use ai-train -Identity lab -Run run-7 -OutFile $Manifest -Blocklist $ListV1
        $script:Text = Get-Content -LiteralPath $Manifest -Raw
        $script:Json = $Text | ConvertFrom-Json
    }

    It 'leaves the prohibited samples out, by location, and names each list by its SHA-256, name, version and size' {
        $Written.Included | Should -Be 4
        $Written.Prohibited | Should -Be 2
        $Json.excluded.decision | Should -Be @('Prohibited', 'Prohibited')
        $Json.excluded.key | Should -Be @('000000000', '000000001')
        $Json.excluded[0].list | Should -Be 'test-hotline'
        $Json.screening.lists.name | Should -Be 'test-hotline'
        $Json.screening.lists.version | Should -Be '2026-11'
        $Json.screening.lists.entries | Should -Be 4
        $Json.screening.lists.sha256 | Should -Be (Get-FileHash -LiteralPath $ListV1 -Algorithm SHA256).Hash.ToLowerInvariant()
        $Json.screening.hashes | Should -Be @('md5', 'sha256', 'pdq')
    }

    It 'keeps the MD5 and PDQ hash of every other sample to screen them again, and none of a prohibited one or of the list' {
        $Json.included.md5 | Should -Be @($Samples.Keys | Select-Object -Skip 2 | ForEach-Object { Get-Md5 (Join-Path $Pictures $Samples[$_]) })
        @($Json.included.pdq | Where-Object { $_ -match '^[0-9a-f]{64}$' }).Count | Should -Be 4
        $Json.excluded[0].PSObject.Properties.Name | Should -Not -Contain 'md5'
        $Json.excluded[0].PSObject.Properties.Name | Should -Not -Contain 'pdq'
        $Text | Should -Not -BeLike "*$(Get-Md5 (Join-Path $Pictures 'b-base.png'))*"
        $Text | Should -Not -BeLike "*$($Expected.images.'a-base.jpg'.pdq)*"
    }

    It 'reports the sample the newer list flags, which the run trained on' {
        $report = Test-LedgerManifest $Manifest -Blocklist $ListV2 -WarningVariable warnings -WarningAction SilentlyContinue

        $report.Reproduced | Should -BeTrue
        $report.NowProhibited | Should -Be 1
        $report.IncludedNowProhibited | Should -Be 1
        $report.NotRescreened | Should -Be 0
        $flagged = @($report.Entries | Where-Object Now -eq 'Prohibited')
        $flagged.Count | Should -Be 1
        $flagged[0].Location | Should -Be "$(Join-Path $Shards '00001.tar')#000010000.jpg"
        $flagged[0].Then | Should -Be 'Licensed'
        $flagged[0].List | Should -Be 'test-hotline'
        $flagged[0].Distance | Should -BeLessOrEqual 31
        ($warnings -join "`n") | Should -BeLike "*000010000.jpg*run 'run-7' included it*version 2026-12*"
    }

    It 'finds nothing new with the list it was made with, and reports nothing screened without one' {
        $same = Test-LedgerManifest $Manifest -Blocklist $ListV1
        $same.NowProhibited | Should -Be 0
        @($same.Entries).Count | Should -Be 0

        $none = Test-LedgerManifest $Manifest
        $none.NowProhibited | Should -BeNullOrEmpty
        $none.Reproduced | Should -BeTrue
    }

    It 'cannot screen again by hashes it did not keep: a SHA-1 list leaves every sample NotRescreened' {
        $sha1 = Join-Path $Home0.Root 'sha1.txt'
        (Get-FileHash -LiteralPath (Join-Path $Pictures 'c-half.jpg') -Algorithm SHA1).Hash | Set-Content -LiteralPath $sha1

        $report = Test-LedgerManifest $Manifest -Blocklist $sha1

        $report.NowProhibited | Should -Be 0
        $report.NotRescreened | Should -Be 4
    }
}

Describe 'What screening cannot clear is never licensed' {
    It 'reports a sample whose bytes are not there to hash (a digest given as it is) as NotScreened' {
        $digest = Get-FileSha256Digest (Join-Path $Pictures 'c-half.jpg')

        $d = Test-LedgerLicense -Digest $digest -Use ai-train -Licensee lab -Blocklist $ListV1

        $d.Decision | Should -Be 'Unreadable'
        $d.Reason | Should -Be 'NotScreened'
        $d.Message | Should -BeLike '*md5, pdq*'
        $d.Work | Should -Be $digest
    }

    It 'matches a digest given as it is against a SHA-256 list' {
        $digest = Get-FileSha256Digest (Join-Path $Pictures 'c-half.jpg')
        $list = Join-Path $Home0.Root 'sha256.txt'
        $digest | Set-Content -LiteralPath $list

        $d = Test-LedgerLicense -Digest $digest -Use ai-train -Licensee lab -Blocklist $list

        $d.Decision | Should -Be 'Prohibited'
        $d.Reason | Should -Be 'Sha256Match'
    }

    It 'reports a .jpg that is no picture as NotScreened when a PDQ list is given, and licenses it without one' {
        $folder = Join-Path $Home0.Root 'broken'
        New-Item -ItemType Directory -Force $folder | Out-Null
        $fake = Join-Path $folder 'fake.jpg'
        [IO.File]::WriteAllBytes($fake, [byte[]](0xFF, 0xD8, 0xFF, 0xE0) + [byte[]]::new(40))
        Register-LedgerWork -Path $fake -Identity ada | Out-Null
        Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false | Out-Null

        $d = Test-LedgerLicense -Path $fake -Use ai-train -Licensee lab -Blocklist $ListV1
        $d.Decision | Should -Be 'Unreadable'
        $d.Reason | Should -Be 'NotScreened'
        $d.Message | Should -BeLike '*PDQ*'

        (Test-LedgerLicense -Path $fake -Use ai-train -Licensee lab).Decision | Should -Be 'Licensed'
    }
}

Describe 'A list that cannot be used' {
    It 'names the first bad line without quoting it, and checks nothing' {
        $bad = Join-Path $Home0.Root 'bad.txt'
        @('# name: bad', ('a' * 32), 'not-a-hash-secret-text', ('b' * 64)) | Set-Content -LiteralPath $bad

        { Test-LedgerLicense -Shard $Shards -Use ai-train -Licensee lab -Blocklist $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'BlocklistInvalid,CreatorLedger.PowerShell.Commands.TestLedgerLicenseCommand'
        try { Test-LedgerLicense -Shard $Shards -Use ai-train -Licensee lab -Blocklist $bad -ErrorAction Stop } catch { $message = $_.Exception.Message }
        $message | Should -BeLike '*line 3*'
        $message | Should -Not -BeLike '*secret*'
    }

    It 'refuses an empty list, a missing one, and the same on New-LedgerManifest, Export-LedgerConsent and Test-LedgerManifest' {
        $empty = Join-Path $Home0.Root 'empty.txt'
        '# name: empty' | Set-Content -LiteralPath $empty
        $out = Join-Path $Home0.Root 'never.json'

        { Test-LedgerLicense -Shard $Shards -Use ai-train -Licensee lab -Blocklist $empty -ErrorAction Stop } | Should -Throw -ErrorId 'BlocklistInvalid,*'
        { New-LedgerManifest -Shard $Shards -Use ai-train -Identity lab -Run x -OutFile $out -Blocklist $empty -ErrorAction Stop } | Should -Throw -ErrorId 'BlocklistInvalid,*'
        { Export-LedgerConsent $out -Use ai-train -Licensee lab -Blocklist (Join-Path $Home0.Root 'missing.txt') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,*'
        { Test-LedgerManifest (Join-Path $Home0.Root 'run-7.json') -Blocklist $empty -ErrorAction Stop } | Should -Throw -ErrorId 'BlocklistInvalid,*'
        Test-Path $out | Should -BeFalse
    }
}

Describe 'Export-LedgerConsent -Blocklist' {
    It 'marks works on a SHA-256 list Prohibited in the index, and warns that other hashes need the samples' {
        $index = Join-Path $Home0.Root 'consent.csv'
        $list = Join-Path $Home0.Root 'sha256-and-md5.txt'
        @((Get-FileSha256Digest (Join-Path $Pictures 'c-half.jpg')), ('c' * 32)) | Set-Content -LiteralPath $list

        $file = Export-LedgerConsent $index -Use ai-train -Licensee lab -Format Csv -Blocklist $list -WarningVariable warnings -WarningAction SilentlyContinue

        $file.Prohibited | Should -Be 1
        $rows = Import-Csv $index
        $row = $rows | Where-Object work -eq (Get-FileSha256Digest (Join-Path $Pictures 'c-half.jpg'))
        $row.decision | Should -Be 'Prohibited'
        $row.reason | Should -Be 'Sha256Match'
        ($warnings -join ' ') | Should -BeLike '*other than SHA-256*'
    }
}
