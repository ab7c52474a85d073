namespace CreatorLedger.Base;

/// <summary>
/// Where CreatorLedger keeps its files: <c>~/.creatorledger</c>, or <c>CREATORLEDGER_HOME</c>;
/// the default store is <c>ledger.db</c> there unless <c>CREATORLEDGER_STORE</c> names another file.
/// </summary>
public static class LedgerHome
{
    public const string HomeVariable = "CREATORLEDGER_HOME";
    public const string StoreVariable = "CREATORLEDGER_STORE";
    public const string PostgresVariable = "CREATORLEDGER_POSTGRES";
    public const string PassphraseVariable = "CREATORLEDGER_PASSPHRASE";

    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(HomeVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".creatorledger")
                : Path.GetFullPath(configured);
        }
    }

    public static string KeysDirectory => Path.Combine(Directory, "keys");

    public static string DefaultStorePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(StoreVariable);
            return string.IsNullOrWhiteSpace(configured) ? Path.Combine(Directory, "ledger.db") : Path.GetFullPath(configured);
        }
    }
}
