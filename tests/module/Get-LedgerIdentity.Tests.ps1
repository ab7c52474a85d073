BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerIdentity' {
    BeforeAll {
        # Local identities (with key files) plus the three identities of the vectors, known only from the ledger.
        $script:TestHome = New-LedgerTestHome 'getid'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        $script:Alice = New-LedgerIdentity 'alice' -Contact 'alice@example.org'
        $script:Bob = New-LedgerIdentity 'bob' -Role developer
        $script:Vectors = (Get-VectorExpectation).identities
    }

    It 'lists local and ledger-only identities' {
        $all = Get-LedgerIdentity

        $all | Should -HaveCount 5
        $all.Did | Should -Contain $Alice.Did
        $all.Did | Should -Contain $Bob.Did
        $all.Did | Should -Contain $Vectors.alice.did
        $all.Did | Should -Contain $Vectors.bob.did
        $all.Did | Should -Contain $Vectors.dana.did
        $all | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerIdentity' }
    }

    It 'shows a local identity with its key file, role and contact' {
        $found = Get-LedgerIdentity -Name 'alice'

        $found | Should -HaveCount 1
        $found.Did | Should -Be $Alice.Did
        $found.Role | Should -Be 'creator'
        $found.Contact | Should -Be 'alice@example.org'
        $found.HasKeyFile | Should -BeTrue
        $found.KeyFile | Should -Be $Alice.KeyFile
        $found.Key | Should -Be $Alice.Did
        $found.Seq | Should -Be 1
    }

    It 'shows an identity known only from the ledger without a key file, with its current key after rotation' {
        $found = Get-LedgerIdentity -Name 'Alice Example'

        $found.Did | Should -Be $Vectors.alice.did
        $found.HasKeyFile | Should -BeFalse
        $found.KeyFile | Should -BeNullOrEmpty
        # The vectors rotate Alice to her second key at seq 5; her stream ends at seq 6.
        $found.Key | Should -Be $Vectors.'alice-2'.did
        $found.Seq | Should -Be 6
        $found.Created | Should -Be ([DateTimeOffset]'2026-01-01T09:00:00Z')
    }

    It 'matches names case-insensitively' {
        (Get-LedgerIdentity -Name 'BOB').Did | Should -Be $Bob.Did
    }

    It 'matches wildcards' {
        $found = Get-LedgerIdentity -Name '*Example'

        $found | Should -HaveCount 2
        $found.Did | Should -Contain $Vectors.alice.did
        $found.Did | Should -Contain $Vectors.bob.did
    }

    It 'writes nothing and no error when a wildcard matches nothing' {
        $found = Get-LedgerIdentity -Name 'zz*' -ErrorVariable problems

        $found | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }

    It 'finds an identity by did' {
        (Get-LedgerIdentity -Did $Vectors.dana.did).Name | Should -Be 'Dana Labs'
        (Get-LedgerIdentity -Did $Vectors.dana.did).Role | Should -Be 'developer'
    }

    It 'takes -Did from the pipeline by property name' {
        $found = [pscustomobject]@{ Did = $Bob.Did } | Get-LedgerIdentity

        $found.Name | Should -Be 'bob'
    }

    It 'with -Local lists only identities that have a key file here' {
        $local = Get-LedgerIdentity -Local

        $local | Should -HaveCount 2
        ($local.Name | Sort-Object) | Should -Be @('alice', 'bob')
    }

    It 'reports an unknown name as a non-terminating IdentityNotFound' {
        $found = Get-LedgerIdentity -Name 'nobody' -ErrorAction SilentlyContinue -ErrorVariable problems

        $found | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerIdentityCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports an unknown did as IdentityNotFound' {
        { Get-LedgerIdentity -Did 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' -ErrorAction Stop } |
            Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerIdentityCommand'
    }

    It 'does not change the ledger' {
        $before = Get-CheckpointText
        Get-LedgerIdentity | Out-Null
        Get-CheckpointText | Should -Be $before
    }
}

Describe 'Get-LedgerIdentity with a damaged key folder' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'getid-junk'
        $script:Alice = New-LedgerIdentity 'alice'
    }

    It 'skips a file in the key folder that is not a key file and still lists the others' {
        Set-Content -LiteralPath (Join-Path $TestHome.Keys 'z6MkJunk.key') -Value 'not a key file'

        $local = Get-LedgerIdentity -Local

        $local | Should -HaveCount 1
        $local.Did | Should -Be $Alice.Did
    }

    It 'still shows an identity from the ledger when its key file is gone' {
        Remove-Item -LiteralPath $Alice.KeyFile

        $found = Get-LedgerIdentity -Did $Alice.Did

        $found.Name | Should -Be 'alice'
        $found.HasKeyFile | Should -BeFalse
        Get-LedgerIdentity -Local | Should -BeNullOrEmpty
    }
}
