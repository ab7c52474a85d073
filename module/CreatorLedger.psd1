@{
    # The binary module proper. The repo-root CreatorLedger.psd1 loads this one so that PowerShell finds the
    # cmdlet help and about_CreatorLedger in module/en-US (help is looked up beside the manifest that loads an assembly).
    RootModule        = 'bin/CreatorLedger.PowerShell.dll'
    ModuleVersion     = '0.1.0'
    GUID              = '0d3f8c2e-61a4-4e3e-9f1e-2b7d5c9a8e42'
    PowerShellVersion = '7.6'
    CmdletsToExport   = '*'
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
