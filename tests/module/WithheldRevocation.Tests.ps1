# The journey of issue 12: a source hands a developer a ledger without its newest event (a revocation). Under a trust
# policy the developer is told the source withholds it while the witnesses can be asked, and is refused once the newest
# witnessed checkpoint is older than the maximum age when they cannot.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    Add-SetClockType
}

AfterAll {
    [CreatorLedger.PowerShell.LedgerSession]::Clock = [TimeProvider]::System
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'A withheld revocation' {
    BeforeAll {
        $script:Society = New-LedgerTestHome 'society'
        New-LedgerIdentity ada | Out-Null
        New-LedgerIdentity lab -Role developer | Out-Null
        New-LedgerIdentity operator -Role operator | Out-Null
        $script:Files = New-SampleFiles -Path (Join-Path $Society.Root 'art') -Count 2
        $Files | ForEach-Object { Register-LedgerWork -LiteralPath $_.FullName -Identity ada } | Out-Null
        $script:Grant = Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false
        $signed = Publish-LedgerCheckpoint operator -Origin 'society.example/ledger' -Confirm:$false
        $log = @{ origin = 'society.example/ledger'; vkey = $signed.LogKey }
        $script:W1 = Start-TestWitness 'witness.example/one' $log
        $script:W2 = Start-TestWitness 'witness.example/two' $log
        $script:Policy = Join-Path $TestDrive 'lab.policy'
        Set-Content -LiteralPath $Policy -Value @(
            "log $($signed.LogKey)"
            "witness one $($W1.Vkey) $($W1.Url)"
            "witness two $($W2.Vkey) $($W2.Url)"
            'group both all one two'
            'quorum both'
        )
        Submit-LedgerCheckpoint -Policy $Policy -Confirm:$false | Out-Null
        # What the source will hand the lab: the ledger before the revocation, with its witnessed checkpoint.
        $script:Withheld = Join-Path $Society.Root 'withheld.jsonl'
        Export-LedgerEvent $Withheld -Confirm:$false | Out-Null
        Revoke-LedgerLicense $Grant.GrantId -Identity ada -Confirm:$false | Out-Null
        Publish-LedgerCheckpoint operator -Confirm:$false | Out-Null
        Submit-LedgerCheckpoint -Policy $Policy -Confirm:$false | Out-Null
        $script:LabStore = Join-Path $Society.Root 'lab.db'
        Connect-Ledger $LabStore | Out-Null
        Import-LedgerEvent $Withheld -Confirm:$false | Out-Null
    }

    AfterAll {
        Stop-TestWitness $W1
        Stop-TestWitness $W2
    }

    It 'without a policy, decides at the unwitnessed head and says so' {
        Connect-Ledger $LabStore | Out-Null
        $decisions = Test-LedgerLicense -LiteralPath $Files.FullName -Use ai-train -Licensee lab

        $decisions.Decision | Should -Be @('Licensed', 'Licensed')
        $decisions.Witnessed | Should -Be @($false, $false)
    }

    It 'under the policy, is told that the source withholds one event while a witness can be asked' {
        Connect-Ledger $LabStore -Policy $Policy | Out-Null

        $thrown = $null
        try { Test-LedgerLicense -LiteralPath $Files.FullName -Use ai-train -Licensee lab } catch { $thrown = $_ }

        $thrown.FullyQualifiedErrorId | Should -BeLike 'Withheld,*'
        $thrown.Exception.Message | Should -BeLike '*the source is withholding 1 event(s)*'
        # The consent index is decided where Test-LedgerLicense decides, and refused alike.
        $index = Join-Path $Society.Root 'withheld-consent.parquet'
        { Export-LedgerConsent $index -Use ai-train -Licensee lab -Confirm:$false } | Should -Throw -ErrorId 'Withheld,*'
        Test-Path $index | Should -BeFalse
    }

    It 'under the policy, mirrors the society''s ledger up to its witnessed checkpoint, and refuses to mirror the withholding copy' {
        Connect-Ledger $Society.Store | Out-Null
        $witnessed = (Get-LedgerCheckpoint -Signed).Size
        New-LedgerIdentity 'late' | Out-Null
        Connect-Ledger $LabStore -Policy $Policy | Out-Null
        $mirror = Join-Path $Society.Root 'lab-mirror.db'

        $result = Sync-Ledger $Society.Store $mirror -Confirm:$false

        $result.Checkpoint | Should -BeLike "$($witnessed):*"
        $result.SignedCheckpoints | Should -Be 2
        # A manifest made under the policy pins the cosigned note, and says it was witnessed when checked again.
        Connect-Ledger $mirror -Policy $Policy | Out-Null
        $manifest = Join-Path $Society.Root 'witnessed.manifest.json'
        New-LedgerManifest -LiteralPath $Files.FullName -Use ai-train -Identity lab -Run 'witnessed' -OutFile $manifest | Out-Null
        (Get-Content $manifest -Raw | ConvertFrom-Json).checkpointNote | Should -BeLike "*— witness.example/one *"
        $report = Test-LedgerManifest $manifest
        $report.CheckpointNote | Should -Be 'Witnessed'
        $report.WitnessedAt | Should -Not -BeNullOrEmpty
        Connect-Ledger $LabStore -Policy $Policy | Out-Null
        { Sync-Ledger $LabStore (Join-Path $Society.Root 'other-mirror.db') -Confirm:$false } | Should -Throw -ErrorId 'Withheld,*'
        Connect-Ledger (Join-Path $Society.Root 'other-mirror.db') | Out-Null
        (Get-LedgerCheckpoint).Size | Should -Be 0
    }

    It 'with the witnesses unreachable, decides at the witnessed checkpoint, then refuses once it is older than the maximum age' {
        Stop-TestWitness $W1
        Stop-TestWitness $W2
        Connect-Ledger $LabStore -Policy $Policy -MaxAge '12:00:00' | Out-Null

        $decisions = Test-LedgerLicense -LiteralPath $Files.FullName -Use ai-train -Licensee lab
        $decisions.Witnessed | Should -Be @($true, $true)
        $decisions[0].WitnessedAt | Should -Not -BeNullOrEmpty
        $index = Export-LedgerConsent (Join-Path $Society.Root 'witnessed-consent.csv') -Format Csv -Use ai-train -Licensee lab -Confirm:$false
        $index.Witnessed | Should -BeTrue
        $index.Checkpoint | Should -Be $decisions[0].Checkpoint
        $index.Licensed | Should -Be 2
        (Import-Csv $index.Path).checkpoint | Should -Be @($decisions[0].Checkpoint, $decisions[0].Checkpoint)

        [CreatorLedger.PowerShell.LedgerSession]::Clock = [CreatorLedgerTests.SetClock]::new([DateTimeOffset]::UtcNow.AddHours(13))
        try {
            Connect-Ledger $LabStore -Policy $Policy -MaxAge '12:00:00' | Out-Null
            { Test-LedgerLicense -LiteralPath $Files.FullName -Use ai-train -Licensee lab } | Should -Throw -ErrorId 'CheckpointTooOld,*'
            { Export-LedgerConsent (Join-Path $Society.Root 'too-old.parquet') -Use ai-train -Licensee lab -Confirm:$false } | Should -Throw -ErrorId 'CheckpointTooOld,*'
        }
        finally {
            [CreatorLedger.PowerShell.LedgerSession]::Clock = [TimeProvider]::System
        }
    }

    It 'finds that a manifest made on the withheld copy, long after the revocation was witnessed, was made on a stale ledger' {
        # 13 hours on, with the witnesses still out of reach, lab's policy tolerates a day: it writes a manifest on the copy.
        [CreatorLedger.PowerShell.LedgerSession]::Clock = [CreatorLedgerTests.SetClock]::new([DateTimeOffset]::UtcNow.AddHours(13))
        try {
            Connect-Ledger $LabStore -Policy $Policy -MaxAge '1.00:00:00' | Out-Null
            $manifest = Join-Path $Society.Root 'stale.manifest.json'
            New-LedgerManifest -LiteralPath $Files.FullName -Use ai-train -Identity lab -Run 'stale' -OutFile $manifest | Out-Null

            # Checked against the whole ledger by someone tolerating 12 hours: the revocation had been witnessed 13 hours before.
            Connect-Ledger (Join-Path $Society.Root 'lab-mirror.db') -Policy $Policy -MaxAge '12:00:00' | Out-Null
            $report = Test-LedgerManifest $manifest -WarningVariable warnings -WarningAction SilentlyContinue
            $report.StaleRevocations | Should -Be 2
            $report.Reproduced | Should -BeTrue
            ($warnings | Where-Object { "$_" -like '*made on a stale ledger*' }).Count | Should -Be 2
            # Tolerating a day, the manifest is within the policy.
            Connect-Ledger (Join-Path $Society.Root 'lab-mirror.db') -Policy $Policy -MaxAge '1.00:00:00' | Out-Null
            (Test-LedgerManifest $manifest -WarningAction SilentlyContinue).StaleRevocations | Should -Be 0
        }
        finally {
            [CreatorLedger.PowerShell.LedgerSession]::Clock = [TimeProvider]::System
        }
    }

    It 'refuses a policy file that does not parse, naming the line, and -MaxAge without a policy' {
        $bad = Join-Path $TestDrive 'bad.policy'
        Set-Content -LiteralPath $bad -Value @('quorum none', 'quorum none')
        $thrown = $null
        try { Connect-Ledger $LabStore -Policy $bad } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
        $thrown.Exception.Message | Should -BeLike '*line 2*'
        { Connect-Ledger $LabStore -MaxAge '01:00:00' } | Should -Throw -ErrorId 'InvalidMaxAge,*'
    }
}
