BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession

    # Prepared once, copied for every test: alice holds works 1-3, bob also claims work 1 (disputed).
    $script:Template = New-LedgerTestHome 'unregister-template'
    $script:Alice = New-LedgerIdentity 'alice'
    $script:Bob = New-LedgerIdentity 'bob'
    $script:Files = New-SampleFiles -Path (Join-Path $TestDrive 'art') -Count 4
    $script:Digests = $Files | ForEach-Object { Get-FileSha256Digest $_.FullName }
    $Files[0..2] | Register-LedgerWork -Identity 'alice' | Out-Null
    Register-LedgerWork -LiteralPath $Files[0].FullName -Identity 'bob' -WarningAction SilentlyContinue | Out-Null
    Disconnect-Ledger
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Unregister-LedgerWork' {
    BeforeEach {
        $script:TestHome = Copy-LedgerTestHome $Template
    }

    It 'withdraws a work by digest: one WorkWithdrawn event, and Get-LedgerWork no longer lists it' {
        $before = Get-LedgerCheckpoint

        $withdrawn = Unregister-LedgerWork -Work $Digests[1] -Identity 'alice' -Confirm:$false

        $withdrawn.PSObject.TypeNames | Should -Contain 'CreatorLedger.Work'
        $withdrawn.Digest | Should -Be $Digests[1]
        $withdrawn.Owner | Should -Be $Alice.Did
        (Get-LedgerCheckpoint).Size | Should -Be ($before.Size + 1)
        $event = Get-LedgerEvent -Type 'WorkWithdrawn'
        $event.Id | Should -Be $withdrawn.EventId
        ($event.Data | ConvertFrom-Json).work | Should -Be $Digests[1]
        (Get-LedgerWork).Digest | Should -Not -Contain $Digests[1]
    }

    It 'withdraws a work by -Path, hashing the file' {
        $withdrawn = Unregister-LedgerWork -Path $Files[2].FullName -Identity 'alice' -Confirm:$false

        $withdrawn.Digest | Should -Be $Digests[2]
        $withdrawn.Path | Should -Be $Files[2].FullName
        (Get-LedgerWork -Owner 'alice').Digest | Should -Not -Contain $Digests[2]
    }

    It 'takes works from the pipeline (Get-LedgerWork | Unregister-LedgerWork)' {
        $withdrawn = Get-LedgerWork -Owner 'alice' | Unregister-LedgerWork -Identity 'alice' -Confirm:$false

        $withdrawn | Should -HaveCount 3
        Get-LedgerWork -Owner 'alice' | Should -BeNullOrEmpty
        (Test-LedgerIntegrity).Valid | Should -BeTrue
    }

    It 'ends a dispute when one claimant withdraws' {
        (Get-LedgerWork -Work $Digests[0]).Disputed | Should -Not -Contain $false

        Unregister-LedgerWork -Work $Digests[0] -Identity 'bob' -Confirm:$false | Out-Null

        $left = Get-LedgerWork -Work $Digests[0]
        $left | Should -HaveCount 1
        $left.Owner | Should -Be $Alice.Did
        $left.Disputed | Should -BeFalse
    }

    It 'withdraws only the signer''s own claim' {
        Unregister-LedgerWork -Work $Digests[0] -Identity 'alice' -Confirm:$false | Out-Null

        (Get-LedgerWork -Work $Digests[0]).Owner | Should -Be $Bob.Did
    }

    It 'lets a withdrawn work be registered again' {
        Unregister-LedgerWork -Work $Digests[1] -Identity 'alice' -Confirm:$false | Out-Null

        $again = Register-LedgerWork -LiteralPath $Files[1].FullName -Identity 'alice'

        $again.Digest | Should -Be $Digests[1]
        (Get-LedgerWork -Owner 'alice').Digest | Should -Contain $Digests[1]
    }

    It 'reports a work the signer does not hold as non-terminating <Id> and writes nothing' -ForEach @(
        @{ Case = 'registered by someone else'; Index = 1; Id = 'WorkNotOwned' }
        @{ Case = 'not registered'; Index = 3; Id = 'WorkNotFound' }
    ) {
        $before = Get-CheckpointText

        $result = Unregister-LedgerWork -Work $Digests[$Index] -Identity 'bob' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $result | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "$Id,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand"
        Get-CheckpointText | Should -Be $before
    }

    It 'withdraws the works it can and reports the others' {
        $result = Unregister-LedgerWork -Work $Digests[3], $Digests[1] -Identity 'alice' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $result.Digest | Should -Be $Digests[1]
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'WorkNotFound,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand'
    }

    It 'reports withdrawing twice as WorkNotFound' {
        Unregister-LedgerWork -Work $Digests[1] -Identity 'alice' -Confirm:$false | Out-Null
        $before = Get-CheckpointText

        Unregister-LedgerWork -Work $Digests[1] -Identity 'alice' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems[0].FullyQualifiedErrorId | Should -Be 'WorkNotFound,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand'
        Get-CheckpointText | Should -Be $before
    }

    It 'reports a text that is not a digest as InvalidWork' {
        Unregister-LedgerWork -Work 'sha256:xyz' -Identity 'alice' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidWork,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand'
    }

    It 'with -WhatIf withdraws nothing' {
        $before = Get-CheckpointText

        Get-LedgerWork -Owner 'alice' | Unregister-LedgerWork -Identity 'alice' -WhatIf | Should -BeNullOrEmpty

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses a wrong passphrase with WrongPassphrase, writing nothing' {
        $before = Get-CheckpointText

        { Unregister-LedgerWork -Work $Digests[1] -Identity 'alice' -Confirm:$false -Passphrase (ConvertTo-TestSecureString 'wrong') } |
            Should -Throw -ErrorId 'WrongPassphrase,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand'

        Get-CheckpointText | Should -Be $before
    }

    It 'refuses an identity without a key file with IdentityNotFound' {
        { Unregister-LedgerWork -Work $Digests[1] -Identity 'carol' -Confirm:$false } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.UnregisterLedgerWorkCommand'
    }
}
