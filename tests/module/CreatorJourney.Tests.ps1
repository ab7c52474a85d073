# A creator's first session, end to end, as the README tells it. The steps build on each other, so they run in
# order against one ledger; the mirror at the end is a second, empty store.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:TestHome = New-LedgerTestHome 'journey'
    $script:Portfolio = Join-Path $TestHome.Root 'portfolio'
    $script:Files = @(New-SampleFiles -Path $Portfolio -Count 5 -Extension '.png' -WithSubfolder)
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'A creator registers, licenses, revokes and mirrors her portfolio' {
    It 'creates her identity (and the developer she will license to)' {
        $script:Alice = New-LedgerIdentity -Name 'alice' -Contact 'alice@example.org'
        $script:Dana = New-LedgerIdentity -Name 'dana labs' -Role developer

        (Get-LedgerIdentity -Local).Name | Sort-Object | Should -Be @('alice', 'dana labs')
    }

    It 'registers her portfolio folder with Get-ChildItem -Recurse -File | Register-LedgerWork' {
        $script:Works = Get-ChildItem -LiteralPath $Portfolio -Recurse -File | Register-LedgerWork -Identity 'alice'

        $Works | Should -HaveCount 5
        ($Works.Digest | Sort-Object) | Should -Be ($Files | ForEach-Object { Get-FileSha256Digest $_.FullName } | Sort-Object)
        $Works.MediaType | Sort-Object -Unique | Should -Be 'image/png'
        (Get-LedgerWork -Owner 'alice') | Should -HaveCount 5
    }

    It 'licenses all of it to the developer with Get-LedgerWork | Grant-LedgerLicense' {
        $script:Grant = Get-LedgerWork -Owner 'alice' |
            Grant-LedgerLicense -Identity 'alice' -Licensee 'dana labs' -Use 'ai-train' -Fee 0.10 -Currency 'EUR' -Attribution -Confirm:$false

        $Grant | Should -HaveCount 1
        ($Grant.Works | Sort-Object) | Should -Be ($Works.Digest | Sort-Object)
        $Grant.Licensee | Should -Be $Dana.Did
        $Grant.Status | Should -Be 'Active'
        (Get-LedgerLicense -Licensee 'dana labs' -Status Active).GrantId | Should -Be $Grant.GrantId
    }

    It 'changes her mind with Get-LedgerLicense | Revoke-LedgerLicense' {
        $revocation = Get-LedgerLicense -Owner 'alice' | Revoke-LedgerLicense -Identity 'alice' -Reason 'no longer' -Confirm:$false

        $revocation.GrantId | Should -Be $Grant.GrantId
        (Get-LedgerLicense -Owner 'alice').Status | Should -Be 'Revoked'
        Get-LedgerLicense -Status Active | Should -BeNullOrEmpty
    }

    It 'exports the ledger, and the export verifies on its own' {
        $script:Checkpoint = Get-CheckpointText
        $script:Export = Join-Path $TestHome.Root 'ledger-export.jsonl'

        $result = Export-LedgerEvent -Path $Export
        $report = Test-LedgerIntegrity -Path $Export

        # 2 identities, 1 registration listing the 5 works, the grant and its revocation.
        $result.Events | Should -Be 5
        $result.Checkpoint | Should -Be $Checkpoint
        $report.Valid | Should -BeTrue
        $report.Events | Should -Be 5
        $report.Streams | Should -Be 2
        $report.Checkpoint | Should -Be $Checkpoint
    }

    It 'imports the export into a second, empty store and gets the same checkpoint' {
        Connect-Ledger -Path (Join-Path $TestHome.Root 'mirror.db')
        Get-CheckpointText | Should -Be $EmptyCheckpoint

        $import = Import-LedgerEvent -Path $Export

        $import.Imported | Should -Be 5
        $import.Checkpoint | Should -Be $Checkpoint
        Get-CheckpointText | Should -Be $Checkpoint
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    It 'sees the same works and the revoked grant in the mirror' {
        (Get-LedgerWork -Owner $Alice.Did).Digest | Sort-Object | Should -Be ($Works.Digest | Sort-Object)
        $mirrored = Get-LedgerLicense -Grant $Grant.GrantId
        $mirrored.Status | Should -Be 'Revoked'
        $mirrored.Licensee | Should -Be $Dana.Did
    }

    It 'keeps working in the mirror: a new work registered there verifies' {
        $new = Join-Path $Portfolio 'new-sketch.png'
        Set-Content -LiteralPath $new -Value 'a new sketch'

        Register-LedgerWork -LiteralPath $new -Identity 'alice' | Should -HaveCount 1
        (Test-LedgerIntegrity).Valid | Should -BeTrue
        (Get-LedgerCheckpoint).Size | Should -Be 6
    }
}
