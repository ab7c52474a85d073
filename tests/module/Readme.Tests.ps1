# The README's examples are run, so they never rot (STYLE practice 10).
BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CreatorExample = Get-ReadmeExample creator
    $script:DeveloperExample = Get-ReadmeExample developer
    $script:SocietyExample = Get-ReadmeExample society
    $script:ServerExample = Get-ReadmeExample server
    $script:WitnessedExample = Get-ReadmeExample witnessed
    $script:DatasetsExample = Get-ReadmeExample datasets
    $script:ScreeningExample = Get-ReadmeExample screening
}

Describe 'README' {
    It 'opens with the two set-up commands' {
        $text = Get-Content (Join-Path $RepoRoot 'README.md') -Raw
        $text | Should -Match 'dotnet tool restore && dotnet pwsh \./build\.ps1 -Task Tour'
        $text | Should -Match 'dotnet tool restore && dotnet pwsh \./build\.ps1 -Task Test'
    }

    It 'runs the creator and developer sections as written, and the ledger verifies' {
        $CreatorExample | Should -Not -BeNullOrEmpty
        $DeveloperExample | Should -Not -BeNullOrEmpty
        $result = Invoke-ReadmeScript -Script ($CreatorExample + "`n" + $DeveloperExample) -Name 'readme' -Collect {
            param($output)
            $check = Test-LedgerIntegrity -Path ./ledger.jsonl
            [pscustomobject]@{
                Valid = $check.Valid; Events = $check.Events; Revoked = @(Get-LedgerLicense -Status Revoked).Count
                Decisions = @($output | Where-Object { $_ -is [CreatorLedger.ConsentDecision] }).Count
                Summaries = @($output | Where-Object { $_ -is [CreatorLedger.ConsentSummary] } | ForEach-Object { "$($_.Reason)=$($_.Count)" })
                Manifest = @($output | Where-Object { $_ -is [CreatorLedger.ManifestReport] })
                Changes = @($output | Where-Object { $_ -is [CreatorLedger.ManifestEntryStatus] } | ForEach-Object { "$($_.Then)->$($_.Now)" })
                Index = @($output | Where-Object { $_ -is [CreatorLedger.ConsentIndexFile] } | ForEach-Object { "$($_.Rows) rows, $($_.Licensed) licensed" })
            }
        }
        $result.Valid | Should -BeTrue
        # 2 identities + 1 registration listing the 2 works + 1 grant (the export is taken before the developer section, and the revocation in it)
        $result.Events | Should -Be 4
        $result.Revoked | Should -Be 1
        # The developer section: two works decided one by one and licensed; after the revocation the manifest still
        # reproduces at its checkpoint and reports both works revoked; at the checkpoint the answer is unchanged.
        $result.Decisions | Should -Be 2
        $result.Manifest.Count | Should -Be 1
        $result.Manifest[0].Reproduced | Should -BeTrue
        $result.Manifest[0].NoLongerLicensed | Should -Be 2
        $result.Changes | Should -Be @('Licensed->Revoked', 'Licensed->Revoked')
        $result.Summaries | Should -Be @('Licensed=2', 'Revoked=2')
        # The consent index at the pinned checkpoint: both works, licensed then.
        $result.Index | Should -Be @('2 rows, 2 licensed')
    }

    It 'runs the society section as written: mandate, agent grant, usage, payout, publication, verification' {
        $SocietyExample | Should -Not -BeNullOrEmpty
        $result = Invoke-ReadmeScript -Script $SocietyExample -Name 'readme-society' -Collect {
            param($output)
            [pscustomobject]@{
                Fees = @($output | Where-Object { $_ -is [CreatorLedger.PayoutLine] } | ForEach-Object { "$($_.OwnerName) $($_.Gross) $($_.Commission) $($_.Net)" })
                Statement = @(Import-Csv ./statement.csv | ForEach-Object { "$($_.OwnerName) $($_.Gross) $($_.Commission) $($_.Net)" })
                Published = @($output | Where-Object { $_ -is [CreatorLedger.PublishedStatement] }).Count
                Valid = @($output | Where-Object { $_ -is [CreatorLedger.PayoutVerification] } | ForEach-Object Valid)
            }
        }
        # Two works used at 0.50 EUR each, 10 % to sofia; the pool of 250 EUR goes to mira, less 25 EUR commission.
        $result.Fees | Should -Be @('mira 1.00 0.10 0.90')
        $result.Statement | Should -Be @('mira 250.00 25.00 225.00')
        $result.Published | Should -Be 1
        $result.Valid | Should -Be @($true)
    }

    It 'runs the server section as written against a fresh PostgreSQL database' {
        $ServerExample | Should -Not -BeNullOrEmpty
        $result = Invoke-ReadmeScript -Script $ServerExample -Name 'readme-server' -Postgres (New-TestPostgresDatabase) -Collect {
            param($output)
            [pscustomobject]@{
                Copied = @($output | Where-Object { $_ -is [CreatorLedger.SyncResult] } | ForEach-Object Copied)
                Summaries = @($output | Where-Object { $_ -is [CreatorLedger.ConsentSummary] } | ForEach-Object { "$($_.Reason)=$($_.Count)" })
            }
        }
        $result.Copied | Should -Be @(4)
        $result.Summaries | Should -Be @('Licensed=1')
    }

    It 'runs the witnessed-checkpoints section as written: two witnesses cosign, a mirror under a policy sees the revocation, a withheld one is caught, a manifest verifies offline' {
        $WitnessedExample | Should -Not -BeNullOrEmpty
        $result = Invoke-ReadmeScript -Script $WitnessedExample -Name 'readme-witnessed' -RepoPaths 'src/CreatorLedger.Witness' -Collect {
            param($output)
            Connect-Ledger ./society.db
            [pscustomobject]@{
                Submitted = @($output | Where-Object { $_ -is [CreatorLedger.WitnessSubmission] } | ForEach-Object Status)
                Decisions = @($output | Where-Object { $_ -is [CreatorLedger.ConsentDecision] } | ForEach-Object { "$($_.Decision) $($_.Reason) $($_.Witnessed)" })
                Refused = @($output | Where-Object { $_ -is [string] -and $_ -like 'refused:*' })
                Witnesses = @((Get-LedgerCheckpoint -Signed).Witnesses | Sort-Object)
                Offline = @($output | Where-Object { $_ -is [CreatorLedger.ManifestProofReport] } | ForEach-Object { "$($_.Verified) $($_.Proven) $($_.CheckpointNote)" })
            }
        }
        $result.Submitted | Should -Be @('Cosigned', 'Cosigned', 'Cosigned', 'Cosigned')
        $result.Decisions | Should -Be @('NotLicensed Revoked True', 'NotLicensed Revoked True')
        $result.Refused.Count | Should -Be 1
        $result.Refused[0] | Should -BeLike '*the source is withholding 1 event(s)*'
        $result.Witnesses | Should -Be @('witness.example/one', 'witness.example/two')
        # run-1's manifest, made before the revocation with its proofs, verifies with no ledger and no witness.
        $result.Offline | Should -Be @('True 2 Witnessed')
    }

    It 'runs the datasets section as written: a shard made with tar is decided by its original downloads, the manifest records the shard, a Hugging Face Parquet file is hashed' {
        $DatasetsExample | Should -Not -BeNullOrEmpty
        # The Hugging Face dataset the example checks, written by DuckDB as datasets' Image feature lays it out: lin's
        # heron (the bytes Set-Content gives the example's original) and a picture nobody registered.
        $images = Join-Path $TestDrive 'hf-images'
        New-Item -ItemType Directory -Force $images | Out-Null
        Set-Content (Join-Path $images 'heron.jpg') 'A heron, as lin drew it.'
        Set-Content (Join-Path $images 'gull.jpg') 'A gull nobody registered.'
        New-HuggingFaceImageParquet (Join-Path $TestDrive 'readme-datasets/hf/train-00000-of-00001.parquet') @(
            @{ File = (Join-Path $images 'heron.jpg'); Path = 'heron.jpg'; Text = 'a heron' }
            @{ File = (Join-Path $images 'gull.jpg'); Path = 'gull.jpg'; Text = 'a gull' }) | Out-Null
        $result = Invoke-ReadmeScript -Script $DatasetsExample -Name 'readme-datasets' -Collect {
            param($output)
            $manifest = Get-Content ./laion-run.manifest.json -Raw | ConvertFrom-Json
            [pscustomobject]@{
                Decisions = @(Test-LedgerLicense -Shard ./shards -Use ai-train -Licensee pixlab | ForEach-Object { "$($_.Key) $($_.Decision) $($_.DigestSource)" })
                Inputs = @($manifest.inputs | ForEach-Object { "$(Split-Path $_.path -Leaf) $($_.sha256 -eq (Get-FileHash ./shards/00000.tar).Hash.ToLower())" })
                Included = @($manifest.included | ForEach-Object { "$($_.key) $($_.member)" })
                Parquet = @(Test-LedgerLicense -Parquet ./hf -BytesColumn image.bytes -Use ai-train -Licensee pixlab | ForEach-Object { "$($_.Key) $($_.Decision) $($_.DigestSource)" })
                Tables = @($output | Where-Object { $_.GetType().Name -eq 'FormatStartData' }).Count
            }
        }
        $result.Decisions | Should -Be @('000000000 Licensed Metadata', '000000001 NotRegistered Metadata')
        $result.Inputs | Should -Be @('00000.tar True')
        $result.Included | Should -Be @('000000000 000000000.jpg')
        $result.Parquet | Should -Be @('heron.jpg Licensed Content', 'gull.jpg NotRegistered Content')
        # Both checks were shown as tables.
        $result.Tables | Should -Be 2
    }
    It 'runs the screening section as written: two pictures on November''s list are Prohibited, and December''s list flags a third in the manifest' {
        $ScreeningExample | Should -Not -BeNullOrEmpty
        $result = Invoke-ReadmeScript -Script $ScreeningExample -Name 'readme-screening' -RepoPaths 'tests/CreatorLedger.Tests/Vectors/pdq' -Collect {
            param($output)
            $manifest = Get-Content ./run-1.manifest.json -Raw | ConvertFrom-Json
            [pscustomobject]@{
                Decisions = @(Get-ChildItem ./pictures | Test-LedgerLicense -Use ai-train -Licensee pixlab -Blocklist ./hotline-2026-11.txt |
                    ForEach-Object { "$(Split-Path $_.Path -Leaf) $($_.Decision) $($_.Reason)" })
                Excluded = @($manifest.excluded | ForEach-Object { "$(Split-Path $_.path -Leaf) $($_.decision) $($_.list)" })
                Lists = @($manifest.screening.lists | ForEach-Object { "$($_.name) $($_.version) $($_.entries)" })
                Flagged = @((Test-LedgerManifest ./run-1.manifest.json -Blocklist ./hotline-2026-12.txt -WarningAction SilentlyContinue).Entries |
                    Where-Object Now -eq Prohibited | ForEach-Object { "$(Split-Path $_.Location -Leaf) $($_.Then) $($_.Distance -le 31)" })
                Tables = @($output | Where-Object { $_.GetType().Name -eq 'FormatStartData' }).Count
            }
        }
        $result.Decisions | Should -Be @('a-q40.jpg Prohibited PdqMatch', 'b-base.png Prohibited Md5Match', 'c-half.jpg Licensed Licensed')
        $result.Excluded | Should -Be @('a-q40.jpg Prohibited example-hotline', 'b-base.png Prohibited example-hotline')
        $result.Lists | Should -Be @('example-hotline 2026-11 2')
        $result.Flagged | Should -Be @('c-half.jpg Licensed True')
        $result.Tables | Should -Be 2
    }
}
