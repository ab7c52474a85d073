# Export-LedgerConsent: the consent index of one request, for a join in DuckDB or Spark (DESIGN §10).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Lab = New-LedgerTestHome 'consent'
    New-LedgerIdentity -Name ada | Out-Null
    New-LedgerIdentity -Name bob | Out-Null
    New-LedgerIdentity -Name lab -Role developer | Out-Null
    New-LedgerIdentity -Name other -Role developer | Out-Null
    $data = New-Item -ItemType Directory (Join-Path $Lab.Root 'works')
    foreach ($name in 'granted', 'revoked', 'no-grant', 'for-other', 'disputed') { Set-Content (Join-Path $data "$name.txt") "the $name work" }
    function Get-WorkFile([string] $Name) { Join-Path $data "$Name.txt" }
    $ada = Register-LedgerWork -LiteralPath (Get-WorkFile granted), (Get-WorkFile revoked), (Get-WorkFile no-grant), (Get-WorkFile disputed) -Identity ada
    $bob = Register-LedgerWork -LiteralPath (Get-WorkFile for-other), (Get-WorkFile disputed) -Identity bob -WarningAction SilentlyContinue
    $script:Digests = @($ada.Digest) + @($bob.Digest) | Sort-Object -Unique
    Grant-LedgerLicense -Work (Get-FileSha256Digest (Get-WorkFile granted)) -Identity ada -Licensee lab -Use ai-train | Out-Null
    Grant-LedgerLicense -Work (Get-FileSha256Digest (Get-WorkFile for-other)) -Identity bob -Licensee other -Use ai-train | Out-Null
    $revoked = Grant-LedgerLicense -Work (Get-FileSha256Digest (Get-WorkFile revoked)) -Identity ada -Licensee lab -Use ai-train
    $script:Checkpoint = (Get-LedgerCheckpoint).Text
    $revoked | Revoke-LedgerLicense -Identity ada -Reason 'test' -Confirm:$false | Out-Null
    $script:Out = New-Item -ItemType Directory (Join-Path $Lab.Root 'out')

    # What Test-LedgerLicense says of every registered digest, in the index's columns.
    function Get-ExpectedRow([string[]] $Digest, [hashtable] $Request) {
        Test-LedgerLicense -Digest $Digest -Licensee lab @Request | ForEach-Object {
            [pscustomobject]@{
                work = $_.Work; sha256 = $_.Work.Substring(7); decision = $_.Decision; reason = $_.Reason
                owner = "$($_.Owner)"; grant_ids = $_.GrantIds -join ' '; checkpoint = $_.Checkpoint
            }
        } | Sort-Object sha256
    }
}

AfterAll { Restore-LedgerEnvironment $script:SavedEnvironment }

Describe 'Export-LedgerConsent' {
    It 'writes a CSV index whose rows are the decisions Test-LedgerLicense gives for every registered digest' {
        $path = Join-Path $Out 'consent.csv'

        $result = Export-LedgerConsent $path -Format Csv -Use ai-train.genai -Licensee lab

        $rows = Import-Csv $path
        $rows | Should -HaveCount 5
        (Get-Content $path -TotalCount 1) | Should -Be 'work,sha256,decision,reason,owner,grant_ids,licensee,use,commercial,territory,checkpoint,evaluated_at'
        $actual = $rows | Select-Object work, sha256, decision, reason, owner, grant_ids, checkpoint
        $expected = Get-ExpectedRow $Digests @{ Use = 'ai-train.genai'; AsOf = $result.EvaluatedAt }
        ($actual | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
        $rows.reason | Should -Contain 'Licensed'
        $rows.reason | Should -Contain 'Revoked'
        $rows.reason | Should -Contain 'NoGrant'
        $rows.reason | Should -Contain 'LicenseeNotCovered'
        $rows.decision | Should -Contain 'Disputed'
        $rows | ForEach-Object { $_.licensee, $_.use, $_.commercial | Should -Be @($result.Licensee, 'ai-train.genai', 'false') }
        $result.Rows, $result.Licensed, $result.NotLicensed, $result.Disputed | Should -Be @(5, 1, 3, 1)
        $result.Format | Should -Be 'Csv'
        $result.Sha256 | Should -Be (Get-FileHash $path -Algorithm SHA256).Hash.ToLowerInvariant()
        $result.Witnessed | Should -BeFalse
        Test-Path "$path.partial" | Should -BeFalse
    }

    It 'writes Parquet with Parquet.Net loaded from the module''s own folder' {
        $path = Join-Path $Out 'consent.parquet'

        $result = Export-LedgerConsent $path -Use ai-train -Licensee lab -Commercial -Territory DE

        $result.Format | Should -Be 'Parquet'
        $result.Rows | Should -Be 5
        $result.Territory | Should -Be 'DE'
        [Parquet.ParquetReader].Assembly.Location | Should -BeLike (Join-Path $RepoRoot 'module/bin/*')
        $bytes = [IO.File]::ReadAllBytes($path)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'PAR1'
        [Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 4, 4) | Should -Be 'PAR1'
        $reader = [Parquet.ParquetReader]::CreateAsync($path, $null, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
        try {
            $reader.Schema.DataFields.Name | Should -Be @('work', 'sha256', 'decision', 'reason', 'owner', 'grant_ids', 'licensee', 'use', 'commercial', 'territory', 'checkpoint', 'evaluated_at')
            ($reader.RowGroups | Measure-Object RowCount -Sum).Sum | Should -Be 5
            $reader.CustomMetadata['creatorledger.checkpoint'] | Should -Be $result.Checkpoint
            $reader.CustomMetadata['creatorledger.territory'] | Should -Be 'DE'
        }
        finally { $reader.DisposeAsync().AsTask().Wait() }
    }

    It 'decides at a checkpoint as the ledger was then, as Test-LedgerLicense does' {
        $path = Join-Path $Out 'at-checkpoint.csv'

        $result = Export-LedgerConsent $path -Format Csv -Use ai-train -Licensee lab -Checkpoint $Checkpoint

        $result.Checkpoint | Should -Be $Checkpoint
        $rows = Import-Csv $path
        ($rows | Where-Object sha256 -eq (Get-FileSha256Digest (Join-Path $Lab.Root 'works/revoked.txt')).Substring(7)).decision | Should -Be 'Licensed'
        $expected = Get-ExpectedRow $Digests @{ Use = 'ai-train'; Checkpoint = $Checkpoint; AsOf = $result.EvaluatedAt }
        ($rows | Select-Object work, sha256, decision, reason, owner, grant_ids, checkpoint | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
    }

    It 'refuses to replace a file without -Force, and replaces it with -Force' {
        $path = Join-Path $Out 'exists.parquet'
        Set-Content $path 'keep me'

        { Export-LedgerConsent $path -Use ai-train -Licensee lab } |
            Should -Throw -ErrorId 'FileExists,CreatorLedger.PowerShell.Commands.ExportLedgerConsentCommand'
        Get-Content $path | Should -Be 'keep me'

        (Export-LedgerConsent $path -Use ai-train -Licensee lab -Force).Rows | Should -Be 5
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($path), 0, 4) | Should -Be 'PAR1'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $Out 'whatif.parquet'

        Export-LedgerConsent $path -Use ai-train -Licensee lab -WhatIf | Should -BeNullOrEmpty

        Test-Path $path | Should -BeFalse
        Test-Path "$path.partial" | Should -BeFalse
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'an unknown use'; Id = 'UnknownUse'; Arguments = @{ Use = 'ai-dream'; Licensee = 'lab' } }
        @{ Case = 'an unknown licensee'; Id = 'InvalidLicensee'; Arguments = @{ Use = 'ai-train'; Licensee = 'nobody-here' } }
        @{ Case = 'the licensee *'; Id = 'InvalidLicensee'; Arguments = @{ Use = 'ai-train'; Licensee = '*' } }
        @{ Case = 'a malformed checkpoint'; Id = 'InvalidCheckpoint'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '12:xyz' } }
        @{ Case = 'a checkpoint beyond the head'; Id = 'CheckpointMismatch'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '999:' + ('0' * 64) } }
        @{ Case = 'a checkpoint of another ledger'; Id = 'CheckpointMismatch'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Checkpoint = '3:' + ('0' * 64) } }
        @{ Case = 'a territory that is not a code'; Id = 'InvalidTerms'; Arguments = @{ Use = 'ai-train'; Licensee = 'lab'; Territory = 'Germany' } }
    ) {
        $path = Join-Path $Out 'refused.parquet'
        { Export-LedgerConsent $path @Arguments } | Should -Throw -ErrorId "$Id,CreatorLedger.PowerShell.Commands.ExportLedgerConsentCommand"
        Test-Path $path | Should -BeFalse
    }

    It 'refuses a folder that does not exist with PathNotFound' {
        { Export-LedgerConsent (Join-Path $Out 'missing/consent.parquet') -Use ai-train -Licensee lab } |
            Should -Throw -ErrorId 'PathNotFound,CreatorLedger.PowerShell.Commands.ExportLedgerConsentCommand'
    }
}
