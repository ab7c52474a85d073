# One clock reaches every cmdlet: a host (or a test) gives the session its TimeProvider, and "now" is that clock's
# everywhere — signing times, the store's recorded times, default windows, standings and decisions.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:SavedEnvironment = Initialize-LedgerTestSession
    Add-SetClockType
    $script:Clock = [CreatorLedgerTests.SetClock]::new([DateTimeOffset]'2030-01-15T10:00:00Z')
    $script:Lab = New-LedgerTestHome 'clock'
    [CreatorLedger.PowerShell.LedgerSession]::Clock = $Clock
}

AfterAll {
    [CreatorLedger.PowerShell.LedgerSession]::Clock = [TimeProvider]::System
    Restore-LedgerEnvironment $script:SavedEnvironment
}

Describe 'The session clock' {
    It 'is the time every cmdlet signs, records and decides at' {
        $ada = New-LedgerIdentity ada
        $ada.Created | Should -Be ([DateTimeOffset]'2030-01-15T10:00:00Z')
        New-LedgerIdentity lab -Role developer | Out-Null
        $file = New-SampleFiles -Path (Join-Path $Lab.Root 'art') -Count 1
        $work = Register-LedgerWork -LiteralPath $file.FullName -Identity ada
        $work.Registered | Should -Be ([DateTimeOffset]'2030-01-15T10:00:00Z')
        # No -From: the window starts at the clock's now.
        $grant = $work | Grant-LedgerLicense -Identity ada -Licensee lab -Use ai-train -Until '2030-02-01' -Confirm:$false
        $grant.From | Should -Be ([DateTimeOffset]'2030-01-15T10:00:00Z')
        $grant.Status | Should -Be 'Active'
        (Get-LedgerEvent | Select-Object -Last 1).Recorded | Should -Be ([DateTimeOffset]'2030-01-15T10:00:00Z')
        (Test-LedgerLicense -Digest $work.Digest -Use ai-train -Licensee lab).Decision | Should -Be 'Licensed'

        $Clock.Now = [DateTimeOffset]'2030-03-01T00:00:00Z'
        (Get-LedgerLicense -Work $work.Digest).Status | Should -Be 'Expired'
        $decision = Test-LedgerLicense -Digest $work.Digest -Use ai-train -Licensee lab
        $decision.EvaluatedAt | Should -Be ([DateTimeOffset]'2030-03-01T00:00:00Z')
        $decision.Reason | Should -Be 'Expired'
    }
}
