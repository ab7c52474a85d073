@{
    # The binary module proper, nested in the repo-root CreatorLedger.psd1. PowerShell finds about_CreatorLedger
    # in this manifest's folder (module/en-US) and the cmdlet help beside the assembly (module/bin/en-US, copied
    # there by the build); neither would be found with the assembly as the root manifest's RootModule.
    RootModule        = 'bin/CreatorLedger.PowerShell.dll'
    ModuleVersion     = '0.1.0'
    GUID              = '0d3f8c2e-61a4-4e3e-9f1e-2b7d5c9a8e42'
    PowerShellVersion = '7.6'
    CmdletsToExport   = '*'
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
