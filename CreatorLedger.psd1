@{
    # The binary module proper; its manifest is written by the build into module/bin, beside its help (en-US).
    NestedModules        = @('module/bin/CreatorLedger.Binary.psd1')
    # The one place the version is written: every assembly takes it from here (Directory.Build.props).
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
        'Get-LedgerPayout', 'Publish-LedgerPayout', 'Test-LedgerPayout', 'Sync-Ledger',
        'Publish-LedgerCheckpoint', 'Submit-LedgerCheckpoint', 'Get-LedgerProof', 'Test-LedgerProof',
        'Export-LedgerConsent'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    # What the PowerShell Gallery shows. The two URIs are placeholders (the .example domain is reserved): set them to the
    # project's home and licence before publishing anywhere public (README, "Installing the module").
    PrivateData          = @{
        PSData = @{
            Tags         = @('licensing', 'ai', 'training-data', 'ledger', 'ed25519', 'provenance', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://creatorledger.example/'
            LicenseUri   = 'https://creatorledger.example/license'
            ReleaseNotes = 'See the README for what this version does.'
        }
    }
}
