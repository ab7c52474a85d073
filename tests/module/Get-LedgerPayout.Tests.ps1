BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Fixture = New-SocietyFixture
    Submit-LedgerUsage $Fixture.Manifest -Period $Fixture.Month -Identity nordlab -Confirm:$false | Out-Null
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerPayout' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Before = Get-CheckpointText
    }

    It 'counts grant fees: ada 2 works x 0.05 less 10 % to sofia, bo one run at 1.00 without commission' {
        $lines = Get-LedgerPayout $Fixture.Month -Currency EUR -Society sofia

        $lines | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'CreatorLedger.PayoutLine' }
        $ada = $lines | Where-Object OwnerName -EQ 'ada'
        $ada.Gross, $ada.Commission, $ada.Net, $ada.Rule | Should -Be @('0.10', '0.01', '0.09', 'fees')
        $ada.Mandate | Should -Be $Fixture.Mandate.MandateId
        $ada.Grants | Should -Be $Fixture.AgentGrant.GrantId
        $bo = $lines | Where-Object OwnerName -EQ 'bo'
        $bo.Gross, $bo.Commission, $bo.Net | Should -Be @('1.00', '0.00', '1.00')
        $bo.Mandate | Should -BeNullOrEmpty
    }

    It 'splits a pool over the works used, summing exactly to it' {
        $lines = Get-LedgerPayout $Fixture.Month -Currency EUR -Pool 100 -Society sofia
        ($lines | Where-Object OwnerName -EQ 'ada').Gross | Should -Be '66.67'
        ($lines | Where-Object OwnerName -EQ 'bo').Gross | Should -Be '33.33'
        ($lines | ForEach-Object { [decimal]$_.Gross } | Measure-Object -Sum).Sum | Should -Be 100
    }

    It 'splits by weight, and in yen without minor units' {
        $weights = Join-Path $TestHome.Root 'weights.csv'
        @($Fixture.AdaWorks | ForEach-Object { [pscustomobject]@{ Work = $_.Digest; Weight = 1 } }) + [pscustomobject]@{ Work = $Fixture.BoWork.Digest; Weight = 3 } |
            Export-Csv $weights
        $lines = Get-LedgerPayout $Fixture.Month -Currency JPY -Pool 1001 -WeightFile $weights
        # 1001 yen by weights 2 and 3: 400.4 and 600.6; the leftover yen goes to the larger remainder.
        ($lines | Where-Object OwnerName -EQ 'ada').Gross | Should -Be '400'
        ($lines | Where-Object OwnerName -EQ 'bo').Gross | Should -Be '601'
    }

    It 'gives byte-identical CSV for the same ledger and checkpoint' {
        $checkpoint = Get-CheckpointText
        $a = Join-Path $TestHome.Root 'a.csv'
        $b = Join-Path $TestHome.Root 'b.csv'
        Get-LedgerPayout $Fixture.Month -Currency EUR -Pool 100 -Society sofia | Export-Csv $a
        Grant-LedgerLicense -AllWorks -Identity bo -Licensee other -Use search -Confirm:$false | Out-Null
        Get-LedgerPayout $Fixture.Month -Currency EUR -Pool 100 -Society sofia -Checkpoint $checkpoint | Export-Csv $b
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
    }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a negative pool'; Id = 'InvalidAmount'; Run = { Get-LedgerPayout $Fixture.Month -Currency EUR -Pool -5 } }
        @{ Case = 'a pool with more decimals than the currency'; Id = 'InvalidAmount'; Run = { Get-LedgerPayout $Fixture.Month -Currency JPY -Pool 10.5 } }
        @{ Case = 'an unknown currency'; Id = 'UnknownCurrency'; Run = { Get-LedgerPayout $Fixture.Month -Currency XYZ -Pool 5 } }
        @{ Case = 'a period that is not a month'; Id = 'InvalidPeriod'; Run = { Get-LedgerPayout '2026-1' -Currency EUR } }
        @{ Case = 'a checkpoint of another ledger'; Id = 'CheckpointMismatch'; Run = { Get-LedgerPayout $Fixture.Month -Currency EUR -Checkpoint ('3:' + 'ab' * 32) } }
    ) {
        { & $Run } | Should -Throw -ErrorId "$Id*"
    }

    It 'refuses a pool that is not a number before computing anything' {
        { Get-LedgerPayout $Fixture.Month -Currency EUR -Pool 'lots' } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage*'
    }
}
