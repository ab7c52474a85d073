BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Fixture = New-SocietyFixture
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Submit-LedgerUsage' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Before = Get-CheckpointText
    }

    It 'reports every work the manifest includes, with the manifest''s hash and checkpoint' {
        $report = Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity nordlab -Confirm:$false

        $report.PSObject.TypeNames | Should -Contain 'CreatorLedger.UsageReport'
        $report.Run | Should -Be 'run-1'
        $report.Works.Count | Should -Be 3
        $report.Uses | Should -Be @('ai-train.genai')
        $report.Manifest | Should -Be (Get-FileHash $Fixture.Manifest -Algorithm SHA256).Hash.ToLowerInvariant()
        $checkpoint = (Get-Content $Fixture.Manifest -Raw | ConvertFrom-Json).checkpoint
        $report.Checkpoint | Should -Be "$($checkpoint.size):$($checkpoint.root)"
        (Get-LedgerEvent | Select-Object -Last 1).Type | Should -Be 'UsageReported'
    }

    It 'reports only the works given' {
        $report = Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity nordlab -Work $Fixture.BoWork.Digest -Confirm:$false
        $report.Works | Should -Be @($Fixture.BoWork.Digest)
    }

    It 'refuses a report naming a work not licensed at the manifest''s checkpoint, names it, and writes nothing' {
        $unregistered = 'sha256:' + ('0' * 64)
        $e = { Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity nordlab -Work $Fixture.BoWork.Digest, $unregistered -Confirm:$false } |
            Should -Throw -ErrorId 'WorkNotLicensed*' -PassThru
        $e.Exception.Message | Should -BeLike "*$unregistered*NotRegistered*"
        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses a use the grants do not cover' {
        { Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity nordlab -Use search -Confirm:$false } | Should -Throw -ErrorId 'WorkNotLicensed*'
        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses <Case> with <Id>, writing nothing' -ForEach @(
        @{ Case = 'a period that is not a month'; Id = 'InvalidPeriod'; Run = { Submit-LedgerUsage $Fixture.Manifest -Period '2026-13' -Identity nordlab -Confirm:$false } }
        @{ Case = 'another developer than the manifest''s'; Id = 'WorkNotLicensed'; Run = { Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity other -Confirm:$false } }
        @{ Case = 'a manifest that does not exist'; Id = 'PathNotFound'; Run = { Submit-LedgerUsage (Join-Path $TestHome.Root 'none.json') -Period $Fixture.Month -Identity nordlab -Confirm:$false } }
    ) {
        { & $Run } | Should -Throw -ErrorId "$Id*"
        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses a manifest with a changed byte' {
        $changed = Join-Path $TestHome.Root 'changed.json'
        (Get-Content $Fixture.Manifest -Raw).Replace('run-1', 'run-2') | Set-Content -NoNewline $changed
        { Submit-LedgerUsage $changed -Period $Fixture.Month -Identity nordlab -Confirm:$false } | Should -Throw -ErrorId 'ManifestInvalid*'
        Get-CheckpointText | Should -Be $Before
    }
}
