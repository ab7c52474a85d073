BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Fixture = New-SocietyFixture
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Grant-LedgerMandate and Get-LedgerMandate' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Before = Get-CheckpointText
    }

    It 'gives a mandate that Get-LedgerMandate lists as active, with its scope and commission' {
        $mandate = Get-LedgerWork -Owner bo | Grant-LedgerMandate sofia -Identity bo -Use search, tdm -CommissionPercent 12.5 -Until (Get-Date).AddYears(1) -Confirm:$false

        $mandate.PSObject.TypeNames | Should -Contain 'CreatorLedger.Mandate'
        $mandate.OwnerName | Should -Be 'bo'
        $mandate.AgentName | Should -Be 'sofia'
        $mandate.Uses | Should -Be @('search', 'tdm')
        $mandate.Works | Should -Be @($Fixture.BoWork.Digest)
        $mandate.CommissionPercent | Should -Be 12.5
        $mandate.Status | Should -Be 'Active'
        (Get-LedgerMandate -Owner bo).MandateId | Should -Be $mandate.MandateId
        @(Get-LedgerMandate -Agent sofia -Status Active).Count | Should -Be 2
    }

    It 'refuses <Case> with <Id> and writes nothing' -ForEach @(
        @{ Case = 'a commission above 100'; Id = 'InvalidTerms'; Run = { Grant-LedgerMandate sofia -AllWorks -Identity bo -Use tdm -CommissionPercent 100.5 -Confirm:$false } }
        @{ Case = 'a negative commission'; Id = 'InvalidTerms'; Run = { Grant-LedgerMandate sofia -AllWorks -Identity bo -Use tdm -CommissionPercent -1 -Confirm:$false } }
        @{ Case = 'an empty window'; Id = 'InvalidWindow'; Run = { Grant-LedgerMandate sofia -AllWorks -Identity bo -Use tdm -CommissionPercent 5 -From '2027-01-01' -Until '2027-01-01' -Confirm:$false } }
        @{ Case = 'an agent with no identity on the ledger'; Id = 'AgentNotFound'; Run = { Grant-LedgerMandate 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' -AllWorks -Identity bo -Use tdm -CommissionPercent 5 -Confirm:$false } }
        @{ Case = 'a work of another creator'; Id = 'WorkNotOwned'; Run = { Grant-LedgerMandate sofia -Work $Fixture.AdaWorks[0].Digest -Identity bo -Use tdm -CommissionPercent 5 -Confirm:$false } }
        @{ Case = 'an unknown use'; Id = 'UnknownUse'; Run = { Grant-LedgerMandate sofia -AllWorks -Identity bo -Use 'ai-everything' -CommissionPercent 5 -Confirm:$false } }
    ) {
        { & $Run } | Should -Throw -ErrorId "$Id*"
        Get-CheckpointText | Should -Be $Before
    }
}

Describe 'Grant-LedgerLicense -Owner (an agent granting under a mandate)' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Before = Get-CheckpointText
    }

    It 'licenses the owner''s works: the developer''s check names the owner and the agent''s grant' {
        $decisions = Test-LedgerLicense -Path $Fixture.Songs -Use ai-train.genai -Licensee nordlab
        $ada = $decisions | Where-Object OwnerName -EQ 'ada'
        $ada.Decision | Should -Be @('Licensed', 'Licensed')
        $ada[0].GrantIds | Should -Be @($Fixture.AgentGrant.GrantId)
        $Fixture.AgentGrant.Signer | Should -Not -Be $Fixture.AgentGrant.Owner
    }

    It 'refuses a grant <Case> with NoMandate, writing nothing' -ForEach @(
        @{ Case = 'for a creator who gave no mandate'; Run = { Grant-LedgerLicense -AllWorks -Owner bo -Identity sofia -Licensee nordlab -Use ai-train -Confirm:$false } }
        @{ Case = 'for a use the mandate does not cover'; Run = { Grant-LedgerLicense -AllWorks -Owner ada -Identity sofia -Licensee nordlab -Use tdm -Confirm:$false } }
        @{ Case = 'by another agent'; Run = { Grant-LedgerLicense -AllWorks -Owner ada -Identity nordlab -Licensee other -Use ai-train -Confirm:$false } }
    ) {
        { & $Run } | Should -Throw -ErrorId 'NoMandate*'
        Get-CheckpointText | Should -Be $Before
    }

    It 'lets the owner revoke the agent''s grant' {
        Revoke-LedgerLicense $Fixture.AgentGrant.GrantId -Identity ada -Confirm:$false | Out-Null
        (Get-LedgerLicense -Grant $Fixture.AgentGrant.GrantId).Status | Should -Be 'Revoked'
    }
}
