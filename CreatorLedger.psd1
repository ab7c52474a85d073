@{
    NestedModules        = @('module/CreatorLedger.psd1')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3f7e-9f5e-4d0b-9a59-0c6f2f6f3b11'
    Author               = 'CreatorLedger'
    CompanyName          = 'CreatorLedger'
    Copyright            = '(c) CreatorLedger contributors'
    Description          = 'A signed, hash-chained licensing ledger: register works, grant and revoke licenses for AI training, verify offline.'
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/CreatorLedger.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Ledger', 'Disconnect-Ledger',
        'New-LedgerIdentity', 'Get-LedgerIdentity', 'Update-LedgerIdentity', 'Revoke-LedgerKey',
        'Register-LedgerWork', 'Unregister-LedgerWork', 'Get-LedgerWork',
        'Grant-LedgerLicense', 'Revoke-LedgerLicense', 'Get-LedgerLicense',
        'Get-LedgerEvent', 'Export-LedgerEvent', 'Import-LedgerEvent',
        'Test-LedgerIntegrity', 'Get-LedgerCheckpoint', 'Test-LedgerLicense', 'New-LedgerManifest', 'Test-LedgerManifest',
        'Grant-LedgerMandate', 'Revoke-LedgerMandate', 'Get-LedgerMandate', 'Submit-LedgerUsage',
        'Get-LedgerPayout', 'Publish-LedgerPayout', 'Test-LedgerPayout', 'Sync-Ledger'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('licensing', 'ai', 'ledger', 'ed25519', 'provenance') } }
}
