BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Fixture = New-SocietyFixture
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Revoke-LedgerMandate' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Before = Get-CheckpointText
    }

    It 'ends the mandate: the agent''s earlier grant stands, no new grant can be made' {
        $revoked = Revoke-LedgerMandate -Agent sofia -Identity ada -Confirm:$false

        $revoked.MandateId | Should -Be $Fixture.Mandate.MandateId
        $revoked.Status | Should -Be 'Revoked'
        (Test-LedgerLicense -Digest $Fixture.AdaWorks[0].Digest -Use ai-train -Licensee nordlab).Decision | Should -Be 'Licensed'
        { Grant-LedgerLicense -AllWorks -Owner ada -Identity sofia -Licensee other -Use ai-train -Confirm:$false } | Should -Throw -ErrorId 'NoMandate*'
    }

    It 'revokes by id from the pipeline' {
        Get-LedgerMandate -Owner ada | Revoke-LedgerMandate -Identity ada -Confirm:$false | Out-Null
        (Get-LedgerMandate -Owner ada).Status | Should -Be 'Revoked'
    }

    It 'refuses <Case> with <Id>, writing nothing' -ForEach @(
        @{ Case = 'a mandate given by someone else'; Id = 'GrantNotOwned'; Run = { Revoke-LedgerMandate $Fixture.Mandate.MandateId -Identity bo -Confirm:$false -ErrorAction Stop } }
        @{ Case = 'an agent the creator gave no mandate'; Id = 'MandateNotFound'; Run = { Revoke-LedgerMandate -Agent sofia -Identity bo -Confirm:$false } }
        @{ Case = 'an unknown mandate id'; Id = 'MandateNotFound'; Run = { Revoke-LedgerMandate ('ab' * 32) -Identity ada -Confirm:$false -ErrorAction Stop } }
    ) {
        { & $Run } | Should -Throw -ErrorId "$Id*"
        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses to revoke twice' {
        Revoke-LedgerMandate -Agent sofia -Identity ada -Confirm:$false | Out-Null
        { Revoke-LedgerMandate $Fixture.Mandate.MandateId -Identity ada -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'AlreadyRevoked*'
    }
}
