namespace CreatorLedger.Sqlite; internal static class Placeholder {}
