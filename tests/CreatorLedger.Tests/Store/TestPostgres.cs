using Npgsql;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// The throwaway PostgreSQL server the test run started (`./build.ps1 -Task Test` starts one and names it in
/// CREATORLEDGER_TEST_POSTGRES). Tests never skip silently: without a server they fail and say how to get one.
/// Each store gets a database of its own, dropped at the end.
/// </summary>
internal sealed class TestPostgres : IDisposable
{
    private readonly List<string> _databases = [];

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("CREATORLEDGER_TEST_POSTGRES") is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException(
                "CREATORLEDGER_TEST_POSTGRES names no PostgreSQL server: run the tests with `dotnet pwsh ./build.ps1 -Task Test`, which starts a throwaway one.");

    /// <summary>The connection string of a new, empty database.</summary>
    public string NewDatabase()
    {
        var name = "cl_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        foreach (var name in _databases)
        {
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
    }
}
