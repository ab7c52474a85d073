# An AI developer checks datasets kept as Parquet: img2dataset's metadata files (a sha256 column, failed downloads
# included) and a Hugging Face image dataset (the image struct's bytes), written by DuckDB. Each decision names its file,
# row and key; a file without the column, of the wrong type, or damaged is reported, and nothing of it is licensed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Home0 = New-LedgerTestHome 'parquet'
    # ada's originals: she registered four and licensed them to lab; two other downloads are nobody's.
    $script:Originals = New-LicensedOriginals $Home0
    $script:Meta = Join-Path $Home0.Root 'img2dataset'
    $script:First = New-Img2DatasetParquet (Join-Path $Meta '00000.parquet') 0 $Originals[0..2].FullName -FailedKeys '000000099'
    $script:Second = New-Img2DatasetParquet (Join-Path $Meta '00001.parquet') 1 $Originals[3..5].FullName -Options 'COMPRESSION zstd'
    $script:Images = New-HuggingFaceImageParquet (Join-Path $Home0.Root 'hf/train-00000-of-00001.parquet') @(
        @{ File = $Originals[0].FullName; Path = 'cat.jpg'; Text = 'a cat' }
        @{ Text = 'no image' }
        @{ File = $Originals[4].FullName; Path = 'dog.jpg'; Text = 'a dog' }
    )
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'Test-LedgerLicense -Parquet' {
    It 'decides every row by its sha256, named by file, row and key; a failed download has no digest' {
        $decisions = Test-LedgerLicense -Parquet $Meta -Use ai-train -Licensee lab

        $decisions.Decision | Should -Be @('Licensed', 'Licensed', 'Licensed', 'Unreadable', 'Licensed', 'NotRegistered', 'NotRegistered')
        $decisions[0].Path | Should -Be $First.FullName
        $decisions[0].Row | Should -Be 0
        $decisions[0].Key | Should -Be '000000000'
        $decisions[0].Location | Should -Be "$($First.FullName)#0 (000000000)"
        $decisions[0].Work | Should -Be (Get-FileSha256Digest $Originals[0].FullName)
        $decisions.DigestSource | Sort-Object -Unique | Should -Be 'Metadata'
        $decisions[3].Key | Should -Be '000000099'
        $decisions[3].Reason | Should -Be 'NoDigest'
        $decisions[3].Message | Should -BeLike "*'sha256' is null*"
        # The second file is zstd-compressed.
        $decisions[4].Location | Should -Be "$($Second.FullName)#0 (000010000)"
    }

    It 'hashes the image bytes of a Hugging Face dataset, rows named by image.path; a row without an image is Unreadable' {
        $decisions = Test-LedgerLicense -Parquet $Images -BytesColumn image.bytes -Use ai-train -Licensee lab

        $decisions.Decision | Should -Be @('Licensed', 'Unreadable', 'NotRegistered')
        $decisions.Key | Should -Be @('cat.jpg', $null, 'dog.jpg')
        $decisions[1].Row | Should -Be 1
        $decisions.DigestSource | Sort-Object -Unique | Should -Be 'Content'
        $decisions[0].Work | Should -Be (Get-FileSha256Digest $Originals[0].FullName)
        (Test-LedgerLicense -Parquet $Images -BytesColumn image.bytes -KeyColumn text -Use ai-train -Licensee lab).Key | Should -Be @('a cat', 'no image', 'a dog')
    }

    It 'counts decisions per file with -Summary' {
        $summary = Test-LedgerLicense -Parquet (Join-Path $Meta '*.parquet') -Use ai-train -Licensee lab -Summary

        $summary | ForEach-Object { "$(Split-Path $_.Source -Leaf) $($_.Decision) $($_.Reason) $($_.Count)" } |
            Should -Be @('00000.parquet Licensed Licensed 3', '00000.parquet Unreadable NoDigest 1', '00001.parquet Licensed Licensed 1', '00001.parquet NotRegistered NotRegistered 2')
    }

    It 'reports a file without the digest column as ColumnNotFound, listing its columns, and decides the other files' {
        $decisions = Test-LedgerLicense -Parquet $Images, $First -Use ai-train -Licensee lab -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ColumnNotFound,*'
        $errors[0].Exception.Message | Should -BeLike "*has no column 'sha256'. Its columns: image.bytes, image.path, text.*"
        $errors[0].TargetObject | Should -Be $Images.FullName
        $decisions.Path | Sort-Object -Unique | Should -Be $First.FullName
        { Test-LedgerLicense -Parquet $First -KeyColumn id -Use ai-train -Licensee lab -ErrorAction Stop } | Should -Throw -ErrorId 'ColumnNotFound,*'
    }

    It 'reports a column whose values cannot be digests or bytes as InvalidColumn, and licenses nothing of the file' {
        $decisions = Test-LedgerLicense -Parquet $First -DigestColumn width -Use ai-train -Licensee lab -ErrorVariable errors -ErrorAction SilentlyContinue

        $decisions | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidColumn,*'
        $errors[0].Exception.Message | Should -BeLike "*'width'*is a column of Int32, but a digest column holds text*"
        { Test-LedgerLicense -Parquet $Images -BytesColumn image -Use ai-train -Licensee lab -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidColumn,*'
        { Test-LedgerLicense -Parquet $First -BytesColumn caption -Use ai-train -Licensee lab -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidColumn,*'
    }

    It 'refuses -DigestColumn with -BytesColumn before reading anything' {
        { Test-LedgerLicense -Parquet $Images -DigestColumn sha256 -BytesColumn image.bytes -Use ai-train -Licensee lab } |
            Should -Throw -ErrorId 'ParameterConflict,*'
    }

    It 'reports a damaged file as one Unreadable decision and reads the others' {
        $bad = Join-Path $Home0.Root 'bad'
        New-Item -ItemType Directory $bad | Out-Null
        $cut = Join-Path $bad '00000.parquet'
        $bytes = [IO.File]::ReadAllBytes($First.FullName)
        [IO.File]::WriteAllBytes($cut, $bytes[0..($bytes.Length / 2)])
        Copy-Item $Second.FullName (Join-Path $bad '00001.parquet')

        $decisions = Test-LedgerLicense -Parquet $bad -Use ai-train -Licensee lab

        $decisions[0].Decision | Should -Be 'Unreadable'
        $decisions[0].Location | Should -Be $cut
        $decisions[0].Message | Should -BeLike '*not a Parquet file, or it is damaged or truncated*'
        @($decisions | Where-Object { $_.Path -eq $cut -and $_.Decision -eq 'Licensed' }).Count | Should -Be 0
        $decisions[1..3].Decision | Should -Be @('Licensed', 'NotRegistered', 'NotRegistered')
    }

    It 'reports a name that matches nothing as PathNotFound and reads the others' {
        $decisions = Test-LedgerLicense -Parquet (Join-Path $Meta 'nothing-*.parquet'), $Second -Use ai-train -Licensee lab -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors.FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $decisions.Count | Should -Be 3
    }
}

Describe 'New-LedgerManifest -Parquet' {
    It 'records each entry''s file, row, key and digest source, and each Parquet file''s SHA-256; the manifest reproduces' {
        $manifest = Join-Path $Home0.Root 'parquet.manifest.json'
        New-LedgerManifest -Parquet $Meta -Use ai-train -Identity lab -Run 'parquet' -OutFile $manifest | Out-Null

        $json = Get-Content $manifest -Raw | ConvertFrom-Json
        $json.included.Count | Should -Be 4
        $json.included[1].path | Should -Be $First.FullName
        $json.included[1].row | Should -Be 1
        $json.included[1].key | Should -Be '000000001'
        $json.included[1].digestSource | Should -Be 'metadata'
        $failed = $json.excluded | Where-Object key -eq '000000099'
        $failed.row | Should -Be 3
        $failed.reason | Should -Be 'NoDigest'
        $json.inputs.path | Should -Be @($First.FullName, $Second.FullName)
        $json.inputs[1].sha256 | Should -Be (Get-FileHash $Second.FullName -Algorithm SHA256).Hash.ToLowerInvariant()
        $json.inputs[1].bytes | Should -Be $Second.Length
        (Test-LedgerManifest $manifest).Reproduced | Should -BeTrue
    }

    It 'records a Hugging Face dataset''s rows by image.path with content digests' {
        $manifest = Join-Path $Home0.Root 'hf.manifest.json'
        New-LedgerManifest -Parquet $Images -BytesColumn image.bytes -Use ai-train -Identity lab -Run 'hf' -OutFile $manifest | Out-Null

        $json = Get-Content $manifest -Raw | ConvertFrom-Json
        $json.included.key | Should -Be 'cat.jpg'
        $json.included.digestSource | Should -Be 'content'
        $json.excluded.row | Should -Be @(1, 2)
        $json.inputs.sha256 | Should -Be (Get-FileHash $Images.FullName -Algorithm SHA256).Hash.ToLowerInvariant()
    }
}
