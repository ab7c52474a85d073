BeforeDiscovery {
    $script:Cmdlets = @(
        'Connect-Ledger', 'Disconnect-Ledger',
        'New-LedgerIdentity', 'Get-LedgerIdentity', 'Update-LedgerIdentity', 'Revoke-LedgerKey',
        'Register-LedgerWork', 'Unregister-LedgerWork', 'Get-LedgerWork',
        'Grant-LedgerLicense', 'Revoke-LedgerLicense', 'Get-LedgerLicense',
        'Get-LedgerEvent', 'Export-LedgerEvent', 'Import-LedgerEvent',
        'Test-LedgerIntegrity', 'Get-LedgerCheckpoint', 'Test-LedgerLicense', 'New-LedgerManifest', 'Test-LedgerManifest',
        'Grant-LedgerMandate', 'Revoke-LedgerMandate', 'Get-LedgerMandate', 'Submit-LedgerUsage',
        'Get-LedgerPayout', 'Publish-LedgerPayout', 'Test-LedgerPayout', 'Sync-Ledger',
        'Publish-LedgerCheckpoint', 'Submit-LedgerCheckpoint', 'Get-LedgerProof', 'Test-LedgerProof',
        'Export-LedgerConsent'
    )
    # What changes the ledger, the key folder or a file, with how much confirmation it asks for.
    $script:StateChanging = @(
        @{ Name = 'New-LedgerIdentity'; Impact = 'Low' }
        @{ Name = 'Update-LedgerIdentity'; Impact = 'High' }
        @{ Name = 'Revoke-LedgerKey'; Impact = 'High' }
        @{ Name = 'Register-LedgerWork'; Impact = 'Medium' }
        @{ Name = 'Unregister-LedgerWork'; Impact = 'Medium' }
        @{ Name = 'Grant-LedgerLicense'; Impact = 'Medium' }
        @{ Name = 'Revoke-LedgerLicense'; Impact = 'Medium' }
        @{ Name = 'Export-LedgerEvent'; Impact = 'Medium' }
        @{ Name = 'Export-LedgerConsent'; Impact = 'Medium' }
        @{ Name = 'Import-LedgerEvent'; Impact = 'Medium' }
        @{ Name = 'New-LedgerManifest'; Impact = 'Medium' }
        @{ Name = 'Grant-LedgerMandate'; Impact = 'Medium' }
        @{ Name = 'Revoke-LedgerMandate'; Impact = 'Medium' }
        @{ Name = 'Submit-LedgerUsage'; Impact = 'Medium' }
        @{ Name = 'Publish-LedgerPayout'; Impact = 'Medium' }
        @{ Name = 'Sync-Ledger'; Impact = 'Medium' }
        @{ Name = 'Publish-LedgerCheckpoint'; Impact = 'Medium' }
        @{ Name = 'Submit-LedgerCheckpoint'; Impact = 'Medium' }
    )
    $script:OutputTypes = @(
        'CreatorLedger.LedgerConnection', 'CreatorLedger.LedgerIdentity', 'CreatorLedger.Work', 'CreatorLedger.Grant',
        'CreatorLedger.Revocation', 'CreatorLedger.LedgerEvent', 'CreatorLedger.ExportResult', 'CreatorLedger.ImportResult',
        'CreatorLedger.IntegrityReport', 'CreatorLedger.IntegrityProblem', 'CreatorLedger.Checkpoint',
        'CreatorLedger.ConsentDecision', 'CreatorLedger.ConsentSummary', 'CreatorLedger.ManifestInfo', 'CreatorLedger.ManifestReport',
        'CreatorLedger.Mandate', 'CreatorLedger.UsageReport', 'CreatorLedger.PayoutLine', 'CreatorLedger.PublishedStatement', 'CreatorLedger.PayoutVerification',
        'CreatorLedger.SyncResult', 'CreatorLedger.SignedCheckpoint', 'CreatorLedger.LedgerProof', 'CreatorLedger.ProofVerification',
        'CreatorLedger.WitnessSubmission', 'CreatorLedger.ManifestProofReport', 'CreatorLedger.ConsentIndexFile'
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    $script:Module = Get-Module CreatorLedger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'The module manifest' {
    It 'exports exactly the documented cmdlets, and no functions, variables or aliases' {
        $manifest = Import-PowerShellDataFile -Path $ManifestPath

        ($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($Cmdlets | Sort-Object)
        ($manifest.CmdletsToExport | Sort-Object) | Should -Be ($Cmdlets | Sort-Object)
        $Module.ExportedFunctions.Count | Should -Be 0
        $Module.ExportedAliases.Count | Should -Be 0
        $Module.ExportedVariables.Count | Should -Be 0
    }

    It 'declares one version: the root manifest''s, which the build writes into the binary module''s' {
        $root = Import-PowerShellDataFile -Path $ManifestPath
        $innerPath = Join-Path $RepoRoot 'module/bin/CreatorLedger.Binary.psd1'
        $inner = Import-PowerShellDataFile -Path $innerPath
        # Written by the build, never committed: no second copy of the version to drift.
        Get-Content $innerPath -Raw | Should -BeLike '*Written by the build*'
        (Get-Item $ManifestPath).Directory.GetFiles('*.psd1', 'AllDirectories').FullName |
            Where-Object { $_ -notlike '*/bin/*' -and $_ -notlike '*/.artifacts/*' -and $_ -notlike '*/obj/*' } | Should -Be @($ManifestPath)

        $inner.ModuleVersion | Should -Be $root.ModuleVersion
        $Module.Version | Should -Be ([version]$root.ModuleVersion)
    }
}

Describe '<_>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Command = Get-Command -Name $_ -Module CreatorLedger
        $script:Help = Get-Help -Name $_ -Full
    }

    It 'is a compiled cmdlet' {
        $Command.CommandType | Should -Be 'Cmdlet'
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Command.Verb
    }

    It 'has help with a synopsis and a description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML help PowerShell puts the syntax in the synopsis.
        $Help.Synopsis | Should -Not -BeLike "*$_ *[<CommonParameters>]*"
        ($Help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code (Get-Help -Examples)' {
        $examples = @((Get-Help -Name $_ -Examples).examples.example)

        $examples.Count | Should -BeGreaterThan 0
        $examples | ForEach-Object { $_.code | Should -Not -BeNullOrEmpty }
        $examples[0].code | Should -BeLike "*$_*"
    }

    It 'has a help source (module/help/<_>.md) describing every parameter, in step with the cmdlet' {
        $source = Get-Content (Join-Path $RepoRoot "module/help/$_.md") -Raw
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in $Command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            $source | Should -Match "(?ms)^### -$($parameter.Name)\r?\n(?<text>.*?)^``````yaml\r?\n(?<yaml>.*?)^``````" -Because "-$($parameter.Name) needs a section"
            $section = [regex]::Match($source, "(?ms)^### -$($parameter.Name)\r?\n(?<text>.*?)^``````yaml\r?\n(?<yaml>.*?)^``````")
            $section.Groups['text'].Value.Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
            $yaml = $section.Groups['yaml'].Value
            $type = $parameter.ParameterType
            if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) { $type = $type.GetGenericArguments()[0] }
            $yaml | Should -Match "(?m)^Type: $([regex]::Escape($type.Name))\s*$" -Because "the source says the type of -$($parameter.Name)"
            $sets = @($parameter.ParameterSets.Values)
            $required = if (@($sets | Where-Object IsMandatory).Count -eq $sets.Count) { 'True' } elseif (-not ($sets | Where-Object IsMandatory)) { 'False' } else { 'True \(' }
            $yaml | Should -Match "(?m)^Required: $required" -Because "the source says whether -$($parameter.Name) is required"
        }
        ($Help.parameters.parameter | Where-Object { -not ($_.description | Out-String).Trim() }).name | Should -BeNullOrEmpty
    }

    It 'declares its output type and has a default view for it' {
        $Command.OutputType | Should -Not -BeNullOrEmpty
        foreach ($type in $Command.OutputType.Name | Where-Object { $_ -ne 'System.Void' }) {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs a view in CreatorLedger.format.ps1xml"
        }
    }
}

Describe 'about_CreatorLedger' {
    It 'is found by Get-Help' {
        $about = Get-Help -Name 'about_CreatorLedger' | Out-String

        $about | Should -BeLike '*about_CreatorLedger*'
        $about | Should -BeLike '*Register-LedgerWork*'
    }
}

Describe 'Format views' {
    It 'has a view for <_>' -ForEach $OutputTypes {
        $views = Get-FormatData -TypeName $_

        $views | Should -Not -BeNullOrEmpty
        $views.FormatViewDefinition | ForEach-Object { $_.Control.GetType().Name } | Should -Contain 'TableControl'
    }

    It 'formats real output as a table without errors' {
        New-LedgerTestHome 'formats' | Out-Null
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null

        $text = @(Get-LedgerWork | Format-Table | Out-String
            Get-LedgerLicense | Format-Table | Out-String
            Get-LedgerEvent -First 2 | Format-Table | Out-String
            Get-LedgerIdentity | Format-Table | Out-String
            Test-LedgerIntegrity | Format-Table | Out-String) -join "`n"

        $text | Should -BeLike '*Sunrise over the*'
        $text | Should -BeLike '*Dana Labs*'
        $text | Should -Not -BeLike '*CreatorLedger.Work*'
    }
}

Describe 'State-changing cmdlets' {
    It '<Name> supports -WhatIf and -Confirm, with ConfirmImpact <Impact>' -ForEach $StateChanging {
        $command = Get-Command -Name $Name -Module CreatorLedger
        $metadata = [System.Management.Automation.CommandMetadata]::new($command)

        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $metadata.ConfirmImpact | Should -Be $Impact
    }

    Context '-WhatIf writes nothing' {
        BeforeAll {
            $script:Template = New-LedgerTestHome 'whatif-template'
            $script:Alice = New-LedgerIdentity 'alice'
            $script:Files = New-SampleFiles -Path (Join-Path $TestDrive 'whatif-art') -Count 2
            Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'alice' | Out-Null
            $script:Grant = Grant-LedgerLicense -AllWorks -Identity 'alice' -Licensee '*' -Use 'tdm' -Confirm:$false
            $script:Digest = Get-FileSha256Digest $Files[0].FullName
            New-LedgerIdentity 'sofia' -Role society | Out-Null
            New-LedgerIdentity 'dev' -Role developer | Out-Null
            Grant-LedgerMandate sofia -AllWorks -Identity alice -Use tdm -CommissionPercent 10 -Confirm:$false | Out-Null
            $script:Manifest = Join-Path $TestDrive 'whatif-run.json'
            New-LedgerManifest -Digest $Digest -Use tdm -Identity dev -Run r0 -OutFile $Manifest | Out-Null
            $script:Month = [DateTime]::UtcNow.ToString('yyyy-MM')
            Submit-LedgerUsage $Manifest -Period $Month -Identity dev -Confirm:$false | Out-Null
            $script:Statement = Join-Path $TestDrive 'whatif-statement.csv'
            Get-LedgerPayout $Month -Currency EUR -Pool 10 -Society sofia | Export-Csv $Statement
            Publish-LedgerCheckpoint alice -Origin 'example.org/whatif' -Confirm:$false | Out-Null
            Disconnect-Ledger
        }

        BeforeEach {
            $script:TestHome = Copy-LedgerTestHome $Template
            $script:Before = Get-CheckpointText
            $script:KeysBefore = Get-KeyFolderState $TestHome
            $script:FilesBefore = (Get-ChildItem -LiteralPath $TestHome.Root -Recurse -File).FullName | Sort-Object
        }

        It '<Name> -WhatIf' -ForEach @(
            @{ Name = 'New-LedgerIdentity'; Run = { New-LedgerIdentity 'bob' -WhatIf } }
            @{ Name = 'Update-LedgerIdentity'; Run = { Update-LedgerIdentity 'alice' -RotateKey -WhatIf } }
            @{ Name = 'Revoke-LedgerKey'; Run = { Revoke-LedgerKey 'alice' -Key $Alice.Key -LastValidSeq 1 -WhatIf } }
            @{ Name = 'Register-LedgerWork'; Run = { Register-LedgerWork -LiteralPath $Files[1].FullName -Identity 'alice' -WhatIf } }
            @{ Name = 'Unregister-LedgerWork'; Run = { Unregister-LedgerWork -Work $Digest -Identity 'alice' -WhatIf } }
            @{ Name = 'Grant-LedgerLicense'; Run = { Grant-LedgerLicense -Work $Digest -Identity 'alice' -Licensee '*' -Use 'search' -WhatIf } }
            @{ Name = 'Revoke-LedgerLicense'; Run = { Revoke-LedgerLicense $Grant.GrantId -Identity 'alice' -WhatIf } }
            @{ Name = 'Export-LedgerEvent'; Run = { Export-LedgerEvent (Join-Path $TestHome.Root 'export.jsonl') -WhatIf } }
            @{ Name = 'Export-LedgerConsent'; Run = { Export-LedgerConsent (Join-Path $TestHome.Root 'consent.parquet') -Use ai-train -Licensee dev -WhatIf } }
            @{ Name = 'Import-LedgerEvent'; Run = { Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') -WhatIf } }
            @{ Name = 'New-LedgerManifest'; Run = { New-LedgerManifest -Digest $Digest -Use 'ai-train' -Identity 'alice' -Run 'r' -OutFile (Join-Path $TestHome.Root 'm.json') -WhatIf } }
            @{ Name = 'Grant-LedgerMandate'; Run = { Grant-LedgerMandate sofia -Work $Digest -Identity alice -Use search -CommissionPercent 5 -WhatIf } }
            @{ Name = 'Revoke-LedgerMandate'; Run = { Revoke-LedgerMandate -Agent sofia -Identity alice -WhatIf } }
            @{ Name = 'Submit-LedgerUsage'; Run = { Submit-LedgerUsage $Manifest -Period $Month -Identity dev -WhatIf } }
            @{ Name = 'Publish-LedgerPayout'; Run = { Publish-LedgerPayout $Statement -Identity sofia -WhatIf } }
            @{ Name = 'Sync-Ledger'; Run = { Sync-Ledger (Get-VectorFile 'ledger-v1.jsonl') (Join-Path $TestHome.Root 'mirror.db') -WhatIf } }
            @{ Name = 'Publish-LedgerCheckpoint'; Run = { Publish-LedgerCheckpoint alice -Origin 'example.org/whatif' -WhatIf } }
            @{ Name = 'Submit-LedgerCheckpoint'; Run = { Submit-LedgerCheckpoint -Witness 'http://127.0.0.1:9/w' -WhatIf -ErrorAction SilentlyContinue } }
        ) {
            $output = & $Run

            $output | Should -BeNullOrEmpty
            Get-CheckpointText | Should -Be $Before
            Get-KeyFolderState $TestHome | Should -Be $KeysBefore
            (Get-ChildItem -LiteralPath $TestHome.Root -Recurse -File).FullName | Sort-Object | Should -Be $FilesBefore
        }

        It 'covers every state-changing cmdlet' {
            # Keeps the list above honest when a cmdlet is added.
            $supporting = (Get-Command -Module CreatorLedger | Where-Object { $_.Parameters.ContainsKey('WhatIf') }).Name | Sort-Object
            $supporting | Should -Be ($StateChanging.Name | Sort-Object)
        }
    }
}

Describe 'Argument completion' {
    BeforeAll {
        $script:CompletionHome = New-LedgerTestHome 'completion'
        New-LedgerIdentity -Name 'alice' | Out-Null
        New-LedgerIdentity -Name 'alfred' -Role developer | Out-Null
    }

    It 'completes local identity names for -Identity and -Licensee' {
        $line = 'Grant-LedgerLicense -AllWorks -Use tdm -Identity al'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'alice'
        $names | Should -Contain 'alfred'
        $line = 'Grant-LedgerLicense -AllWorks -Use tdm -Identity alice -Licensee alf'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('alfred')
    }

    It 'completes the uses vocabulary for -Use' {
        $line = 'Grant-LedgerLicense -AllWorks -Identity alice -Licensee * -Use ai-t'
        $uses = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $uses | Should -Be @('ai-train', 'ai-train.genai', 'ai-train.nongen')
    }
}
