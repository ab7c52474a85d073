BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
}

AfterAll {
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'Get-LedgerEvent' {
    BeforeAll {
        $script:TestHome = New-LedgerTestHome 'getevent'
        Import-LedgerEvent (Get-VectorFile 'ledger-v1.jsonl') | Out-Null
        $script:Expected = Get-VectorExpectation
        $script:Lines = Get-Content -LiteralPath (Get-VectorFile 'ledger-v1.jsonl') -Encoding utf8
    }

    It 'writes every event in position order, with the ids the vectors give' {
        $events = Get-LedgerEvent

        $events | Should -HaveCount 12
        $events.Position | Should -Be (1..12)
        $events.Id | Should -Be $Expected.events.id
        $events.Type | Should -Be $Expected.events.type
        $events.Stream | Should -Be $Expected.events.stream
        $events.Seq | Should -Be $Expected.events.seq
        $events | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'CreatorLedger.LedgerEvent' }
    }

    It 'keeps each envelope byte for byte as signed' {
        (Get-LedgerEvent).Envelope | Should -BeExactly $Lines
    }

    It 'shows the claimed time, the signing key and the data of an event' {
        $revocation = Get-LedgerEvent -After 9 -First 1

        $revocation.Type | Should -Be 'LicenseRevoked'
        $revocation.At | Should -Be ([DateTimeOffset]'2026-05-15T12:00:00Z')
        $revocation.Key | Should -Be $Expected.identities.'alice-2'.did
        ($revocation.Data | ConvertFrom-Json).reason | Should -Be 'Changed my mind'
        $revocation.Recorded | Should -BeOfType [DateTimeOffset]
    }

    It 'filters by -Type' {
        $events = Get-LedgerEvent -Type 'WorkRegistered'

        $events.Position | Should -Be @(4, 5, 6, 11)
    }

    It 'filters by several types, in any case' {
        (Get-LedgerEvent -Type 'keyrotated', 'LICENSEREVOKED').Position | Should -Be @(9, 10)
    }

    It 'writes nothing for a type no event has' {
        Get-LedgerEvent -Type 'MandateGranted' | Should -BeNullOrEmpty
    }

    It 'stops after -First events' {
        (Get-LedgerEvent -First 3).Position | Should -Be @(1, 2, 3)
    }

    It 'combines -Type and -First' {
        (Get-LedgerEvent -Type 'WorkRegistered' -First 2).Position | Should -Be @(4, 5)
    }

    It 'starts after position -After' {
        (Get-LedgerEvent -After 10).Position | Should -Be @(11, 12)
        Get-LedgerEvent -After 12 | Should -BeNullOrEmpty
    }

    It 'with -Stream lists one author''s events in seq order, by name or did' {
        $byName = Get-LedgerEvent -Stream 'Bob Example'
        $byDid = Get-LedgerEvent -Stream $Expected.identities.bob.did

        $byName.Seq | Should -Be (1..5)
        $byName.Position | Should -Be @(2, 6, 8, 11, 12)
        $byDid.Id | Should -Be $byName.Id
    }

    It 'combines -Stream, -Type and -First' {
        (Get-LedgerEvent -Stream 'Alice Example' -Type 'WorkRegistered' -First 1).Position | Should -Be 4
    }

    It 'writes nothing for a did without events' {
        Get-LedgerEvent -Stream 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' | Should -BeNullOrEmpty
    }

    It 'refuses an unknown -Stream name with IdentityNotFound' {
        { Get-LedgerEvent -Stream 'carol' } | Should -Throw -ErrorId 'IdentityNotFound,CreatorLedger.PowerShell.Commands.GetLedgerEventCommand'
    }

    It 'refuses -First <Value>' -ForEach @(@{ Value = 0 }, @{ Value = -1 }) {
        { Get-LedgerEvent -First $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.GetLedgerEventCommand'
    }

    It 'refuses a negative -After' {
        { Get-LedgerEvent -After -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CreatorLedger.PowerShell.Commands.GetLedgerEventCommand'
    }

    It 'does not change the ledger' {
        Get-LedgerEvent | Out-Null
        Get-CheckpointText | Should -Be $Expected.checkpoints.'12'
    }
}

Describe 'Get-LedgerEvent on a new ledger' {
    BeforeEach {
        $script:TestHome = New-LedgerTestHome 'getevent-new'
    }

    It 'writes nothing for an empty ledger' {
        Get-LedgerEvent | Should -BeNullOrEmpty
    }

    It 'shows events signed here as they happen' {
        $alice = New-LedgerIdentity 'alice'

        $event = Get-LedgerEvent
        $event.Type | Should -Be 'IdentityCreated'
        $event.Stream | Should -Be $alice.Did
        $event.Key | Should -Be $alice.Key
        # Written as its canonical form with sig appended: the stored bytes are what was signed.
        $event.Envelope | Should -BeLike '{"at":*,"v":1,"sig":"*"}'
        ($event.Envelope | ConvertFrom-Json).seq | Should -Be 1
    }
}
