BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:VectorFile = Get-VectorFile 'ledger-v1.jsonl'
    $script:Expected = Get-VectorExpectation
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Export-LedgerEvent' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'export'
        Import-LedgerEvent $VectorFile | Out-Null
        $script:Target = Join-Path $TestHome.Root 'mirror.jsonl'
    }

    It 'writes every event as one JSON line, exactly the signed bytes' {
        Export-LedgerEvent -Path $Target | Out-Null

        # The vectors were written by an independent implementation: the export must be the same file, byte for byte.
        (Get-FileHash -LiteralPath $Target).Hash | Should -Be (Get-FileHash -LiteralPath $VectorFile).Hash
    }

    It 'reports the file, the number of events and the checkpoint they give' {
        $result = Export-LedgerEvent -Path $Target

        $result.PSObject.TypeNames | Should -Contain 'CreatorLedger.ExportResult'
        $result.Path | Should -Be $Target
        $result.Events | Should -Be 12
        $result.Checkpoint | Should -Be $Expected.checkpoints.'12'
    }

    It 'resolves a relative path against the current location' {
        Push-Location -LiteralPath $TestHome.Root
        try { $result = Export-LedgerEvent -Path 'relative.jsonl' } finally { Pop-Location }

        $result.Path | Should -Be (Join-Path $TestHome.Root 'relative.jsonl')
        Get-Content -LiteralPath $result.Path | Should -HaveCount 12
    }

    It 'includes events signed here and verifies afterwards' {
        New-LedgerIdentity 'alice' | Out-Null

        $result = Export-LedgerEvent -Path $Target

        $result.Events | Should -Be 13
        (Test-LedgerIntegrity -Path $Target).Checkpoint | Should -Be (Get-CheckpointText)
    }

    It 'refuses to overwrite an existing file without -Force (FileExists) and leaves it as it was' {
        Set-Content -LiteralPath $Target -Value 'keep me'

        { Export-LedgerEvent -Path $Target } | Should -Throw -ErrorId 'FileExists,CreatorLedger.PowerShell.Commands.ExportLedgerEventCommand'

        Get-Content -LiteralPath $Target | Should -Be 'keep me'
    }

    It 'overwrites an existing file with -Force' {
        Set-Content -LiteralPath $Target -Value 'old'

        (Export-LedgerEvent -Path $Target -Force).Events | Should -Be 12

        Get-Content -LiteralPath $Target | Should -HaveCount 12
    }

    It 'leaves no partial file beside the export' {
        Export-LedgerEvent -Path $Target | Out-Null

        (Get-ChildItem -LiteralPath $TestHome.Root -File).Name | Should -Not -Contain 'mirror.jsonl.partial'
    }

    It 'with -WhatIf writes no file' {
        Export-LedgerEvent -Path $Target -WhatIf | Should -BeNullOrEmpty

        Test-Path -LiteralPath $Target | Should -BeFalse
    }

    It 'does not change the ledger' {
        Export-LedgerEvent -Path $Target | Out-Null

        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }
}

Describe 'Export-LedgerEvent of an empty ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'export-empty'
    }

    It 'writes an empty file and reports 0 events' {
        $target = Join-Path $TestHome.Root 'empty.jsonl'

        $result = Export-LedgerEvent -Path $target

        $result.Events | Should -Be 0
        $result.Checkpoint | Should -Be $EmptyCheckpoint
        (Get-Item -LiteralPath $target).Length | Should -Be 0
    }
}
