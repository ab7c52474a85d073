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

Describe 'Publish-LedgerPayout and Test-LedgerPayout' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Fixture
        $script:Statement = Join-Path $TestHome.Root 'statement.csv'
        Get-LedgerPayout $Fixture.Month -Currency EUR -Pool 100 -Society sofia | Export-Csv $Statement
        $script:Before = Get-CheckpointText
    }

    It 'publishes the statement''s hash, and a creator verifies the statement later' {
        $published = Publish-LedgerPayout $Statement -Identity sofia -Confirm:$false
        $published.Statement | Should -Be (Get-FileHash $Statement -Algorithm SHA256).Hash.ToLowerInvariant()
        $published.Total | Should -Be '100.00'
        $published.SocietyName | Should -Be 'sofia'
        Grant-LedgerLicense -AllWorks -Identity bo -Licensee other -Use search -Confirm:$false | Out-Null

        $check = Test-LedgerPayout $Statement
        $check.Published | Should -BeTrue
        $check.Reproduced | Should -BeTrue
        $check.Valid | Should -BeTrue
        $check.Lines | Should -Be 2
    }

    It 'finds a statement with a changed amount unpublished and not reproduced' {
        Publish-LedgerPayout $Statement -Identity sofia -Confirm:$false | Out-Null
        (Get-Content $Statement -Raw).Replace('"33.33"', '"43.33"') | Set-Content -NoNewline $Statement

        $check = Test-LedgerPayout $Statement -WarningAction SilentlyContinue
        $check.Published | Should -BeFalse
        $check.Reproduced | Should -BeFalse
        $check.Valid | Should -BeFalse
        $check.Differences | Should -Not -BeNullOrEmpty
    }

    It 'refuses to publish a statement the ledger does not yield, writing nothing' {
        (Get-Content $Statement -Raw).Replace('"60.00"', '"61.00"') | Set-Content -NoNewline $Statement
        { Publish-LedgerPayout $Statement -Identity sofia -Confirm:$false } | Should -Throw -ErrorId 'StatementMismatch*'
        Get-CheckpointText | Should -Be $Before
    }

    It 'refuses another society''s statement, and a file that is not a statement' {
        { Publish-LedgerPayout $Statement -Identity bo -Confirm:$false } | Should -Throw -ErrorId 'StatementMismatch*'
        Set-Content (Join-Path $TestHome.Root 'not.csv') 'a,b'
        { Test-LedgerPayout (Join-Path $TestHome.Root 'not.csv') } | Should -Throw -ErrorId 'StatementMismatch*'
        Get-CheckpointText | Should -Be $Before
    }
}
