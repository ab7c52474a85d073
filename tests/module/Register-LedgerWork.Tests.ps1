BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test: alice and bob, nothing registered.
    $script:Template = New-LedgerTestHome 'register-template'
    $script:Alice = New-LedgerIdentity 'alice'
    $script:Bob = New-LedgerIdentity 'bob'
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Register-LedgerWork without -Identity' {
    It 'uses the only identity on this machine' {
        $only = New-LedgerTestHome 'register-only'
        $ada = New-LedgerIdentity 'ada'
        $file = New-SampleFiles -Path (Join-Path $only.Root 'art') -Count 1
        $work = Register-LedgerWork -LiteralPath $file.FullName
        $work.Owner | Should -Be $ada.Did
        $work.OwnerName | Should -Be 'ada'
    }

    It 'asks which identity acts when there are several, naming them, and writes nothing' {
        $TestHome = Copy-LedgerTestHome $Template
        $before = (Get-LedgerCheckpoint).Text
        $file = New-SampleFiles -Path (Join-Path $TestHome.Root 'art') -Count 1
        $record = { Register-LedgerWork -LiteralPath $file.FullName } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand' -PassThru
        $record.Exception.Message | Should -BeLike '*-Identity*alice*bob*'
        (Get-LedgerCheckpoint).Text | Should -Be $before
    }
}

Describe 'Register-LedgerWork' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
        $script:Art = Join-Path $TestHome.Root 'art'
        $script:Files = New-SampleFiles -Path $Art -Count 4 -WithSubfolder
    }

    Context 'registering a folder from the pipeline' {
        BeforeEach {
            $script:Registered = Get-ChildItem -LiteralPath $Art -Recurse -File | Register-LedgerWork -Identity 'alice'
        }

        It 'registers every file, including those in subfolders' {
            $Registered | Should -HaveCount 4
            ($Registered.Path | Sort-Object) | Should -Be ($Files.FullName | Sort-Object)
        }

        It 'identifies each work by the SHA-256 of its bytes and records its size, title and media type' {
            foreach ($file in $Files) {
                $work = $Registered | Where-Object Path -EQ $file.FullName
                $work.PSObject.TypeNames | Should -Contain 'CreatorLedger.Work'
                $work.Digest | Should -Be (Get-FileSha256Digest $file.FullName)
                $work.Bytes | Should -Be $file.Length
                $work.Title | Should -Be $file.Name
                $work.MediaType | Should -Be 'text/plain'
                $work.Owner | Should -Be $Alice.Did
                $work.OwnerName | Should -Be 'alice'
                $work.Disputed | Should -BeFalse
                $work.EventId | Should -Match '^[0-9a-f]{64}$'
            }
        }

        It 'appends one WorkRegistered event listing the 4 works to alice''s stream' {
            $events = Get-LedgerEvent -Type 'WorkRegistered'

            $events | Should -HaveCount 1
            $events.Stream | Should -Be $Alice.Did
            $Registered.EventId | Sort-Object -Unique | Should -Be $events.Id
            ($events.Data | ConvertFrom-Json).works.work | Sort-Object | Should -Be ($Registered.Digest | Sort-Object)
            (Get-LedgerCheckpoint).Size | Should -Be 3
        }

        It 'leaves a ledger that verifies' {
            (Test-LedgerIntegrity).Valid | Should -BeTrue
        }

        It 'warns and writes nothing when alice registers the same works again' {
            $before = Get-CheckpointText

            $again = Get-ChildItem -LiteralPath $Art -Recurse -File | Register-LedgerWork -Identity 'alice' -WarningVariable warnings -WarningAction SilentlyContinue

            $again | Should -BeNullOrEmpty
            $warnings | Should -HaveCount 4
            $warnings | ForEach-Object { "$_" | Should -BeLike '*already registered by alice*' }
            Get-CheckpointText | Should -Be $before
        }

        It 'lets bob claim alice''s work too, warns that it is disputed, and shows both claims as disputed' {
            $digest = Get-FileSha256Digest $Files[0].FullName

            $claim = Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'bob' -WarningVariable warnings -WarningAction SilentlyContinue

            $claim | Should -HaveCount 1
            $claim.Owner | Should -Be $Bob.Did
            $claim.Disputed | Should -BeTrue
            $claim.Claimants | Should -Contain $Alice.Did
            $claim.Claimants | Should -Contain $Bob.Did
            $warnings | Should -HaveCount 1
            "$warnings" | Should -BeLike '*disputed*'
            "$warnings" | Should -BeLike "*$($Alice.Did)*"
            $works = Get-LedgerWork -Work $digest
            $works | Should -HaveCount 2
            $works.Disputed | Should -Not -Contain $false
        }

        It 'registers only the new file of a mix of new and already registered ones' {
            $new = Join-Path $Art 'new.txt'
            Set-Content -LiteralPath $new -Value 'a new work'

            $result = Register-LedgerWork -Path $Art -Identity 'alice' -WarningAction SilentlyContinue

            $result | Should -HaveCount 1
            $result.Path | Should -Be $new
            (Get-LedgerCheckpoint).Size | Should -Be 4
            # One work alone is written in the single form, which every reader understands.
            (Get-LedgerEvent -Type 'WorkRegistered' | Select-Object -Last 1).Data | Should -BeLike '{"bytes":*,"work":"*'
        }
    }

    It 'registers a folder of 2,500 files in 3 events (1,000 works each at most) and Get-LedgerWork lists all 2,500' {
        $big = New-Item -ItemType Directory (Join-Path $TestHome.Root 'big')
        foreach ($i in 1..2500) { [IO.File]::WriteAllText((Join-Path $big "f$i.txt"), "small work $i") }

        $registered = Register-LedgerWork -Path $big -Identity 'alice'

        $registered | Should -HaveCount 2500
        $events = Get-LedgerEvent -Type 'WorkRegistered'
        $events | Should -HaveCount 3
        ($events.Data | ForEach-Object { ($_ | ConvertFrom-Json).works.Count } | Sort-Object) | Should -Be @(500, 1000, 1000)
        $works = Get-LedgerWork -Owner 'alice'
        $works | Should -HaveCount 2500
        ($works.Title | Sort-Object -Unique) | Should -HaveCount 2500
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    It 'withdraws one work of a list with Unregister-LedgerWork, keeping the others' {
        $registered = Register-LedgerWork -Path $Art -Identity 'alice'

        $withdrawn = Unregister-LedgerWork -Work $registered[0].Digest -Identity 'alice'

        $withdrawn.Title | Should -Be $registered[0].Title
        Get-LedgerWork -Owner 'alice' | Should -HaveCount 3
        (Get-LedgerWork -Owner 'alice').Digest | Should -Not -Contain $registered[0].Digest
    }

    It 'registers every file of a folder given as -Path' {
        (Register-LedgerWork -Path $Art -Identity 'alice') | Should -HaveCount 4
    }

    It 'expands wildcards in -Path' {
        $result = Register-LedgerWork -Path (Join-Path $Art 'work0[13].txt') -Identity 'alice'

        ($result.Title | Sort-Object) | Should -Be @('work01.txt', 'work03.txt')
    }

    It 'takes brackets in -LiteralPath literally' {
        $odd = Join-Path $Art 'sketch [draft].png'
        Set-Content -LiteralPath $odd -Value 'draft'

        $result = Register-LedgerWork -LiteralPath $odd -Identity 'alice'

        $result.Path | Should -Be $odd
        $result.MediaType | Should -Be 'image/png'
    }

    It 'registers a file whose name has brackets when piped from Get-ChildItem' {
        $odd = Join-Path $Art 'sketch [draft].txt'
        Set-Content -LiteralPath $odd -Value 'draft'

        (Get-Item -LiteralPath $odd | Register-LedgerWork -Identity 'alice').Path | Should -Be $odd
    }

    It 'uses -Title, -MediaType and -Uri when given' {
        $result = Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'alice' -Title 'The Red Fox' -MediaType 'image/webp' -Uri 'https://alice.example/fox'

        $result.Title | Should -Be 'The Red Fox'
        $result.MediaType | Should -Be 'image/webp'
        $data = (Get-LedgerEvent -Type 'WorkRegistered').Data | ConvertFrom-Json
        $data.title | Should -Be 'The Red Fox'
        $data.mediaType | Should -Be 'image/webp'
        $data.uri | Should -Be 'https://alice.example/fox'
    }

    It 'registers identical content only once, even under two names' {
        $copy = Join-Path $Art 'copy-of-work01.txt'
        Copy-Item -LiteralPath $Files[0].FullName -Destination $copy

        $result = Register-LedgerWork -LiteralPath $Files[0].FullName, $copy -Identity 'alice'

        $result | Should -HaveCount 1
        (Get-LedgerEvent -Type 'WorkRegistered') | Should -HaveCount 1
    }

    It 'reports a missing path as PathNotFound and still registers the others' {
        $missing = Join-Path $Art 'missing.txt'

        $result = Register-LedgerWork -Path $Files[0].FullName, $missing, $Files[1].FullName -Identity 'alice' -ErrorAction SilentlyContinue -ErrorVariable problems

        $result | Should -HaveCount 2
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'
        $problems[0].TargetObject | Should -Be $missing
        (Get-LedgerWork).Digest | Should -Be @((Get-FileSha256Digest $Files[0].FullName), (Get-FileSha256Digest $Files[1].FullName))
    }

    It 'writes nothing when the only path is missing' {
        $before = Get-CheckpointText

        { Register-LedgerWork -Path (Join-Path $Art 'missing.txt') -Identity 'alice' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a wrong passphrase with WrongPassphrase and registers nothing' {
        $before = Get-CheckpointText

        { Register-LedgerWork -Path $Art -Identity 'alice' -Passphrase (ConvertTo-TestSecureString 'not the passphrase') } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a wrong CREATORLEDGER_PASSPHRASE with WrongPassphrase and registers nothing' {
        $before = Get-CheckpointText
        $env:CREATORLEDGER_PASSPHRASE = 'not the passphrase'

        { Register-LedgerWork -Path $Art -Identity 'alice' } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses an identity without a key file with IdentityNotFound and registers nothing' {
        $before = Get-CheckpointText

        { Register-LedgerWork -Path $Art -Identity 'carol' } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses an identity that is not on the connected ledger with IdentityNotFound, writing nothing there' {
        $other = Join-Path $TestHome.Root 'other.db'
        Connect-Ledger -Path $other

        { Register-LedgerWork -Path $Art -Identity 'alice' } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        (Get-LedgerCheckpoint).Size | Should -Be 0
    }

    It 'refuses an identity whose key file was deleted with IdentityNotFound' {
        Remove-Item -LiteralPath (Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key'))

        { Register-LedgerWork -Path $Art -Identity $Alice.Did } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'
    }

    It 'refuses a key file overwritten with junk with NotAKeyFile and registers nothing' {
        $keyFile = Join-Path $TestHome.Keys ($Alice.Did.Substring('did:key:'.Length) + '.key')
        [IO.File]::WriteAllBytes($keyFile, [byte[]](1..64))
        $before = Get-CheckpointText

        { Register-LedgerWork -Path $Art -Identity $Alice.Did } |
            Should -Throw -ErrorId 'NotAKeyFile,CreatorLedger.PowerShell.Commands.RegisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'with -WhatIf registers nothing' {
        $before = Get-CheckpointText

        Register-LedgerWork -Path $Art -Identity 'alice' -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $before
    }

    It 'registers the same works whether progress is shown or not' {
        $many = New-SampleFiles -Path (Join-Path $TestHome.Root 'many') -Count 60
        $ProgressPreference = 'Continue'

        $result = $many | Register-LedgerWork -Identity 'alice'

        $result | Should -HaveCount 60
        ($result.Digest | Sort-Object) | Should -Be ($many | ForEach-Object { Get-FileSha256Digest $_.FullName } | Sort-Object)
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    It 'appends a batch as one event of alice''s stream listing every work' {
        $many = New-SampleFiles -Path (Join-Path $TestHome.Root 'many') -Count 30

        $result = $many | Register-LedgerWork -Identity 'alice' -Passphrase (ConvertTo-TestSecureString $TestPassphraseText)

        $result | Should -HaveCount 30
        $event = Get-LedgerEvent -Stream 'alice' -Type 'WorkRegistered'
        $event.Seq | Should -Be 2
        ($event.Data | ConvertFrom-Json).works | Should -HaveCount 30
    }
}
