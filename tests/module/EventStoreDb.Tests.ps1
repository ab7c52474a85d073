BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

# Against the test server of the EventStoreDB protocol subset (the real-server acceptance is the xunit contract run
# with CREATORLEDGER_ESDB): the module, its cmdlets and Sync-Ledger over a real socket.
Describe 'A ledger on EventStoreDB' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'esdb'
    }

    It 'works with every cmdlet unchanged, then a developer mirrors it to SQLite and gets the same answers offline' {
        $server = Start-TestEventStoreDb
        try {
            $address = "esdb://127.0.0.1:$($server.Port)?tls=false"
            $connection = Connect-Ledger -EventStore $address -PassThru
            $connection.Kind | Should -Be 'EventStoreDB'
            $connection.Store | Should -Be "EventStoreDB 127.0.0.1:$($server.Port)"
            $connection.Checkpoint | Should -Be $EmptyCheckpoint

            New-LedgerIdentity 'ada' | Out-Null
            New-LedgerIdentity 'lab' -Role developer | Out-Null
            $files = New-SampleFiles -Path (Join-Path $TestHome.Root 'data') -Count 3
            $files | Register-LedgerWork -Identity ada | Out-Null
            $grant = Grant-LedgerLicense -AllWorks -Identity ada -Licensee lab -Use ai-train -Confirm:$false
            $online = Test-LedgerLicense -LiteralPath $files.FullName -Use ai-train.genai -Licensee lab
            @($online | Where-Object Decision -EQ 'Licensed').Count | Should -Be 3
            (Test-LedgerIntegrity).Valid | Should -BeTrue
            $checkpoint = Get-CheckpointText
            # 2 identities, 1 registration listing the 3 works, 1 grant.
            $checkpoint | Should -BeLike '4:*'

            $mirror = Join-Path $TestHome.Root 'mirror.db'
            (Sync-Ledger $address $mirror -Confirm:$false).Copied | Should -Be 4
            Revoke-LedgerLicense $grant.GrantId -Identity ada -Confirm:$false | Out-Null
            @(Test-LedgerLicense -LiteralPath $files.FullName -Use ai-train.genai -Licensee lab | Where-Object Decision -EQ 'Licensed').Count | Should -Be 0

            Connect-Ledger $mirror
            Get-CheckpointText | Should -Be $checkpoint
            $offline = Test-LedgerLicense -LiteralPath $files.FullName -Use ai-train.genai -Licensee lab -Checkpoint $checkpoint
            $offline.Decision | Should -Be $online.Decision
            $offline.GrantIds | Should -Be $online.GrantIds
            (Sync-Ledger $address $mirror -Confirm:$false).Copied | Should -Be 1
        }
        finally {
            Disconnect-Ledger
            Stop-TestEventStoreDb $server
        }
    }

    It 'reaches a TLS server through its certificate authority, with -Credential' {
        $server = Start-TestEventStoreDb -Tls -User 'admin' -Password 'changeit-51c'
        try {
            $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'changeit-51c' -AsPlainText -Force))
            $address = "esdb://127.0.0.1:$($server.Port)?tlsCaFile=$([uri]::EscapeDataString($server.CaFile))"
            (Connect-Ledger -EventStore $address -Credential $credential -PassThru).Checkpoint | Should -Be $EmptyCheckpoint
            New-LedgerIdentity 'ada' | Out-Null
            Get-CheckpointText | Should -BeLike '1:*'
        }
        finally {
            Disconnect-Ledger
            Stop-TestEventStoreDb $server
        }
    }

    It 'says what is wrong, without the password, when the credentials or the certificate are refused' {
        $server = Start-TestEventStoreDb -Tls -User 'admin' -Password 'changeit-51c'
        try {
            $ca = [uri]::EscapeDataString($server.CaFile)
            $e = { Connect-Ledger -EventStore "esdb://admin:hunter2-wrong@127.0.0.1:$($server.Port)?tlsCaFile=$ca" } |
                Should -Throw -ErrorId 'StoreUnavailable*' -PassThru
            $e.Exception.Message | Should -BeLike "*127.0.0.1:$($server.Port)*did not accept the credentials of user 'admin'*"
            # What the module says (the echo of the typed command aside) never holds the password.
            "$($e.Exception) $($e.TargetObject) $($e.CategoryInfo)" | Should -Not -BeLike '*hunter2-wrong*'

            $e = { Sync-Ledger "esdb://admin:hunter2-wrong@127.0.0.1:$($server.Port)?tlsCaFile=$ca" (Join-Path $TestHome.Root 'm.db') -Confirm:$false } |
                Should -Throw -ErrorId 'StoreUnavailable*' -PassThru
            "$($e.Exception) $($e.TargetObject) $($e.CategoryInfo)" | Should -Not -BeLike '*hunter2-wrong*'
            $e.TargetObject | Should -BeLike 'esdb://admin:***@127.0.0.1:*'

            $e = { Connect-Ledger -EventStore "esdb://127.0.0.1:$($server.Port)" } | Should -Throw -ErrorId 'StoreUnavailable*' -PassThru
            $e.Exception.Message | Should -BeLike '*does not trust*tlsCaFile*'
        }
        finally {
            Stop-TestEventStoreDb $server
        }
    }

    It 'keeps a SQLite mirror up to date with Sync-Ledger -Follow until it is stopped' {
        $server = Start-TestEventStoreDb
        $follower = $null
        try {
            $address = "esdb://127.0.0.1:$($server.Port)?tls=false"
            Connect-Ledger -EventStore $address
            New-LedgerIdentity 'ada' | Out-Null
            $mirror = Join-Path $TestHome.Root 'live.db'
            # The follower runs in a runspace of its own, as it would in another terminal.
            $follower = [powershell]::Create()
            $null = $follower.AddScript({
                    param($Module, $From, $To)
                    Import-Module $Module
                    Sync-Ledger $From $To -Follow -Confirm:$false -Verbose
                }).AddArgument($ManifestPath).AddArgument($address).AddArgument($mirror)
            $running = $follower.BeginInvoke()

            $files = New-SampleFiles -Path (Join-Path $TestHome.Root 'data') -Count 2
            $files | Register-LedgerWork -Identity ada | Out-Null
            $checkpoint = Get-CheckpointText
            # Indexed, not piped: piping a running pipeline's stream waits for the pipeline to end.
            function Get-Said($stream) { for ($i = 0; $i -lt $stream.Count; $i++) { $stream[$i].ToString() } }
            # The two works are one registration: one event.
            $expected = "Copied 1 event(s) from EventStoreDB 127.0.0.1:$($server.Port); SQLite $mirror is at $checkpoint."
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-Said $follower.Streams.Verbose) -notcontains $expected -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Get-Said $follower.Streams.Error | Should -BeNullOrEmpty
            Get-Said $follower.Streams.Verbose | Should -Contain $expected

            $follower.Stop()
            $follower.InvocationStateInfo.State | Should -Be 'Stopped'
            Get-Said $follower.Streams.Error | Should -BeNullOrEmpty
            @(Get-Said $follower.Streams.Progress).Count | Should -BeGreaterThan 0
            Connect-Ledger $mirror
            Get-CheckpointText | Should -Be $checkpoint
        }
        finally {
            if ($follower) { $follower.Dispose() }
            Disconnect-Ledger
            Stop-TestEventStoreDb $server
        }
    }

    It 'refuses to follow a file, or to poll too often, and creates nothing' {
        $file = Join-Path $TestHome.Root 'export.jsonl'
        Set-Content -LiteralPath $file -Value ''
        { Sync-Ledger $file (Join-Path $TestHome.Root 'm.db') -Follow -Confirm:$false } | Should -Throw -ErrorId 'CannotFollow*'
        { Sync-Ledger $TestHome.Store (Join-Path $TestHome.Root 'm.db') -Follow -PollInterval 0 -Confirm:$false } | Should -Throw -ErrorId 'CannotFollow*'
        Test-Path (Join-Path $TestHome.Root 'm.db') | Should -BeFalse
    }

    It 'names the node when nothing listens there' {
        $e = { Connect-Ledger -EventStore 'esdb://127.0.0.1:1?tls=false' } | Should -Throw -ErrorId 'StoreUnavailable*' -PassThru
        $e.Exception.Message | Should -BeLike '*EventStoreDB 127.0.0.1:1 cannot be reached*'
    }
}

# The README's journeys, as written, with the session on EventStoreDB instead of the default file: every cmdlet of
# the creator, developer and society sections works unchanged on it.
Describe 'The README on EventStoreDB' {
    BeforeAll {
        # The example's session connected to a test server right after the import.
        function Invoke-ReadmeOnEventStoreDb([string] $Script, [string] $Name, [scriptblock] $Collect) {
            $server = Start-TestEventStoreDb
            try {
                Invoke-ReadmeScript -Script $Script -Name $Name -Collect $Collect -AfterImport "Connect-Ledger -EventStore 'esdb://127.0.0.1:$($server.Port)?tls=false'"
            }
            finally {
                Stop-TestEventStoreDb $server
            }
        }
    }

    It 'runs the creator and developer sections: the manifest reproduces, and sees both works revoked' {
        $result = Invoke-ReadmeOnEventStoreDb ((Get-ReadmeExample creator) + "`n" + (Get-ReadmeExample developer)) 'esdb-readme' {
            param($output)
            [pscustomobject]@{
                # Everything went to the server: no default ledger file was made.
                DefaultFile = Test-Path (Join-Path $env:CREATORLEDGER_HOME 'ledger.db')
                Valid = (Test-LedgerIntegrity).Valid
                Manifest = @($output | Where-Object { $_ -is [CreatorLedger.ManifestReport] } | ForEach-Object { "$($_.Reproduced) $($_.NoLongerLicensed)" })
                Summaries = @($output | Where-Object { $_ -is [CreatorLedger.ConsentSummary] } | ForEach-Object { "$($_.Reason)=$($_.Count)" })
            }
        }
        $result.DefaultFile | Should -BeFalse
        $result.Valid | Should -BeTrue
        $result.Manifest | Should -Be @('True 2')
        $result.Summaries | Should -Be @('Licensed=2', 'Revoked=2')
    }

    It 'runs the society section: mandate, agent grant, usage, payout, publication, verification' {
        $result = Invoke-ReadmeOnEventStoreDb (Get-ReadmeExample society) 'esdb-society' {
            param($output)
            [pscustomobject]@{
                Fees = @($output | Where-Object { $_ -is [CreatorLedger.PayoutLine] } | ForEach-Object { "$($_.OwnerName) $($_.Gross) $($_.Commission) $($_.Net)" })
                Statement = @(Import-Csv ./statement.csv | ForEach-Object { "$($_.OwnerName) $($_.Gross) $($_.Commission) $($_.Net)" })
                Valid = @($output | Where-Object { $_ -is [CreatorLedger.PayoutVerification] } | ForEach-Object Valid)
                DefaultFile = Test-Path (Join-Path $env:CREATORLEDGER_HOME 'ledger.db')
            }
        }
        $result.DefaultFile | Should -BeFalse
        $result.Fees | Should -Be @('mira 1.00 0.10 0.90')
        $result.Statement | Should -Be @('mira 250.00 25.00 225.00')
        $result.Valid | Should -Be @($true)
    }
}
