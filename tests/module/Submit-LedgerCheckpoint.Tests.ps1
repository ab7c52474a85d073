BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Submit-LedgerCheckpoint' {
    BeforeAll {
        $script:TestHome = New-LedgerTestHome 'submit'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        New-LedgerIdentity 'operator' -Role operator | Out-Null
        $script:Origin = 'ledger.example/witnessed'
        $script:First = Publish-LedgerCheckpoint operator -Origin $Origin -Confirm:$false
        $log = @{ origin = $Origin; vkey = $First.LogKey }
        $script:W1 = Start-TestWitness 'witness.example/one' $log
        $script:W2 = Start-TestWitness 'witness.example/two' $log
        $script:Policy = Join-Path $TestDrive 'two-witnesses.policy'
        Set-Content -LiteralPath $Policy -Value @(
            "log $($First.LogKey)"
            "witness one $($W1.Vkey) $($W1.Url)"
            "witness two $($W2.Vkey) $($W2.Url)"
            'group both all one two'
            'quorum both'
        )
    }

    AfterAll {
        Stop-TestWitness $W1
        Stop-TestWitness $W2
    }

    It 'collects both witnesses'' cosignatures and keeps them with the note, which then meets a two-witness policy' {
        $results = Submit-LedgerCheckpoint -Witness $W1.Url, $W2.Url -Confirm:$false

        $results.Status | Should -Be @('Cosigned', 'Cosigned')
        $results.OldSize | Should -Be @(0, 0)
        $signed = Get-LedgerCheckpoint -Signed
        $signed.Witnesses | Sort-Object | Should -Be @('witness.example/one', 'witness.example/two')
        $proof = (Get-LedgerProof -Event 3 -OutFile (Join-Path $TestDrive 'witnessed.tlog-proof')).Path
        (Test-LedgerProof $proof -Policy $Policy).Valid | Should -BeTrue
    }

    It 'proves a grown ledger from the size each witness holds, following its 409 when it does not know it' {
        New-LedgerIdentity 'bob' | Out-Null
        $grown = Publish-LedgerCheckpoint operator -Confirm:$false

        $byUrl = Submit-LedgerCheckpoint -Witness $W1.Url -Confirm:$false
        $byPolicy = Submit-LedgerCheckpoint -Policy $Policy -Confirm:$false

        # Without a name, the first guess is 0; the witness names its size (409) and the proof starts there.
        $byUrl.Status | Should -Be 'Cosigned'
        $byUrl.OldSize | Should -Be $First.Size
        # The policy names the witnesses, so what each cosigned before is known: W1 is already at the new size.
        $byPolicy.Status | Should -Be @('Cosigned', 'Cosigned')
        $byPolicy.OldSize | Should -Be @($grown.Size, $First.Size)
        (Get-LedgerCheckpoint -Signed).Witnesses.Count | Should -Be 2
    }

    It 'names a witness that is down and still gets the others'' cosignatures' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        New-LedgerIdentity 'carol' | Out-Null
        Publish-LedgerCheckpoint operator -Confirm:$false | Out-Null

        $results = Submit-LedgerCheckpoint -Witness "http://127.0.0.1:$port/w", $W2.Url -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

        $results.Status | Should -Be @('Unreachable', 'Cosigned')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WitnessUnreachable,*'
        $problems[0].Exception.Message | Should -BeLike "*127.0.0.1:$port*"
    }

    It 'is refused by a witness when the operator signs a fork: another ledger at a size the witness has seen' {
        $seen = (Get-LedgerCheckpoint -Signed).Size
        # The same operator and origin over another ledger of the same size: its events differ from the one witnessed.
        Export-LedgerEvent (Join-Path $TestDrive 'all.jsonl') -Confirm:$false | Out-Null
        Get-Content (Join-Path $TestDrive 'all.jsonl') -TotalCount ($seen - 1) | Set-Content (Join-Path $TestDrive 'prefix.jsonl')
        Connect-Ledger (Join-Path $TestDrive 'fork.db') | Out-Null
        Import-LedgerEvent (Join-Path $TestDrive 'prefix.jsonl') -Confirm:$false | Out-Null
        New-LedgerIdentity 'mallory' | Out-Null
        (Get-LedgerCheckpoint).Size | Should -Be $seen
        Publish-LedgerCheckpoint operator -Origin $Origin -Confirm:$false | Out-Null

        $result = Submit-LedgerCheckpoint -Witness $W2.Url -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

        $result.Status | Should -Be 'Refused'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WitnessRefused,*'
        $result.Message | Should -BeLike '*422*'
        (Get-LedgerCheckpoint -Signed).Witnesses | Should -BeNullOrEmpty
        Use-LedgerTestHome $TestHome | Out-Null
    }

    It 'refuses without a signed checkpoint or with an address that is not one' {
        New-LedgerTestHome 'unsigned' | Out-Null
        { Submit-LedgerCheckpoint -Witness $W1.Url -Confirm:$false } | Should -Throw -ErrorId 'CheckpointNotSigned,CreatorLedger.PowerShell.Commands.SubmitLedgerCheckpointCommand'
        { Submit-LedgerCheckpoint -Witness 'ftp://x' -Confirm:$false } | Should -Throw -ErrorId 'InvalidUrl,*'
        Use-LedgerTestHome $TestHome | Out-Null
    }
}
