BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerWork' {
    BeforeAll {
        # alice holds works 1-3, bob also claims work 1; work 4 exists on disk only.
        $script:TestHome = New-LedgerTestHome 'getwork'
        $script:Alice = New-LedgerIdentity 'alice'
        $script:Bob = New-LedgerIdentity 'bob'
        $script:Files = New-SampleFiles -Path (Join-Path $TestHome.Root 'art') -Count 4 -Extension '.png'
        $script:Digests = $Files | ForEach-Object { Get-FileSha256Digest $_.FullName }
        $Files[0..2] | Register-LedgerWork -Identity 'alice' | Out-Null
        Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'bob' -WarningAction SilentlyContinue | Out-Null
    }

    It 'lists every claim in ledger order' {
        $all = Get-LedgerWork

        $all | Should -HaveCount 4
        $all.Digest | Should -Be @($Digests[0], $Digests[1], $Digests[2], $Digests[0])
        $all.Owner | Should -Be @($Alice.Did, $Alice.Did, $Alice.Did, $Bob.Did)
        $all | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'CreatorLedger.Work' }
    }

    It 'shows a work''s title, media type, size and owner name' {
        $work = Get-LedgerWork -Work $Digests[1]

        $work.Title | Should -Be $Files[1].Name
        $work.MediaType | Should -Be 'image/png'
        $work.Bytes | Should -Be $Files[1].Length
        $work.OwnerName | Should -Be 'alice'
        $work.Disputed | Should -BeFalse
        $work.Claimants | Should -Be @($Alice.Did)
    }

    It 'shows a work claimed by two identities as disputed, with both claimants' {
        $claims = Get-LedgerWork -Work $Digests[0]

        $claims | Should -HaveCount 2
        $claims | ForEach-Object {
            $_.Disputed | Should -BeTrue
            ($_.Claimants | Sort-Object) | Should -Be (@($Alice.Did, $Bob.Did) | Sort-Object)
        }
    }

    It 'filters by -Owner (name or did)' {
        (Get-LedgerWork -Owner 'bob').Digest | Should -Be $Digests[0]
        (Get-LedgerWork -Owner $Alice.Did) | Should -HaveCount 3
        (Get-LedgerWork -Work $Digests[0] -Owner 'alice').Owner | Should -Be $Alice.Did
    }

    It 'finds works by file path, hashing the files, and reports the path' {
        $work = Get-LedgerWork -Path $Files[1].FullName

        $work.Digest | Should -Be $Digests[1]
        $work.Path | Should -Be $Files[1].FullName
    }

    It 'takes files from the pipeline' {
        $works = Get-ChildItem -LiteralPath (Join-Path $TestHome.Root 'art') -File | Get-LedgerWork -Owner 'alice' -ErrorAction SilentlyContinue

        ($works.Digest | Sort-Object) | Should -Be ($Digests[0..2] | Sort-Object)
    }

    It 'reports a file that is not registered as non-terminating WorkNotFound' {
        $works = Get-LedgerWork -Path $Files[3].FullName, $Files[2].FullName -ErrorAction SilentlyContinue -ErrorVariable problems

        $works.Digest | Should -Be $Digests[2]
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WorkNotFound,CreatorLedger.PowerShell.Commands.GetLedgerWorkCommand'
    }

    It 'reports an unregistered digest as WorkNotFound' {
        { Get-LedgerWork -Work $Digests[3] -ErrorAction Stop } |
            Should -Throw -ErrorId 'WorkNotFound,CreatorLedger.PowerShell.Commands.GetLedgerWorkCommand'
    }

    It 'reports a text that is not a digest as InvalidWork' {
        { Get-LedgerWork -Work 'fox.png' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidWork,CreatorLedger.PowerShell.Commands.GetLedgerWorkCommand'
    }

    It 'reports a missing file as PathNotFound' {
        { Get-LedgerWork -Path (Join-Path $TestHome.Root 'nope.png') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,CreatorLedger.PowerShell.Commands.GetLedgerWorkCommand'
    }

    It 'refuses an unknown -Owner with IdentityNotFound' {
        { Get-LedgerWork -Owner 'carol' } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerWorkCommand'
    }

    It 'does not change the ledger' {
        $before = Get-CheckpointText
        Get-LedgerWork | Out-Null
        Get-CheckpointText | Should -Be $before
    }
}

Describe 'Get-LedgerWork on an empty or imported ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'getwork-vectors'
    }

    It 'writes nothing for an empty ledger' {
        Get-LedgerWork | Should -BeNullOrEmpty
    }

    It 'shows the vectors'' works: a claim withdrawn is no longer shown and its dispute is over' {
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        $expected = Get-VectorExpectation

        $works = Get-LedgerWork

        $works | Should -HaveCount 3
        $works.Digest | Should -Be @($expected.works.w1, $expected.works.w2, $expected.works.w3)
        $sunrise = $works | Where-Object Digest -EQ $expected.works.w1
        $sunrise.Owner | Should -Be $expected.identities.alice.did
        $sunrise.Title | Should -Be 'Sunrise over the harbour'
        $sunrise.Disputed | Should -BeFalse
        ($works | Where-Object Digest -EQ $expected.works.w3).OwnerName | Should -Be 'Bob Example'
    }
}
