using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Payouts;

/// <summary>The statement file (whose SHA-256 goes on the ledger) and its check, in the core where any host can use them.</summary>
public sealed class StatementFileTests : IDisposable
{
    private static readonly WorkId A1 = Work("a1"), B1 = Work("b1");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static Currency Eur => Currency.TryFind("EUR", out var c) ? c : throw new InvalidOperationException();

    /// <summary>Alice and Bob license Dana at 1.25 EUR a work; Dana reports both works in January: the ledger in a real SQLite file.</summary>
    private async Task<(SqliteEventStore Store, LicenseProjection Projection, LedgerScenario S)> Ledger(string name = "ledger.db")
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, A1, Day(2));
        s.Register(s.Bob, B1, Day(2));
        foreach (var owner in new[] { s.Alice, s.Bob })
            s.Add(owner, new LicenseGranted(null, null, s.Dana.Id, [Use.AiTrain], false, new Window(Day(3)), null, new LicenseTerms(new Fee(1.25m, "EUR", "work"), false)).ToDraft(), Day(3));
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        s.Add(s.Dana, new UsageReported("run", new string('a', 64), [A1, B1], "2026-01", [Use.AiTrain], checkpoint, Day(10)).ToDraft(), Day(10));
        var store = SqliteEventStore.Open(_directory.File(name));
        await LedgerImport.ImportAsync(store, s.Events.Select(e => (e.Position, e.Event.Bytes)));
        return (store, await LicenseProjection.LoadAsync(store, null), s);
    }

    [Fact]
    public async Task WrittenStatement_ReadsBackAsTheRequestItWasComputedFor_AndVerifiesWithoutDifferences()
    {
        var (store, projection, s) = await Ledger();
        using var _ = store;
        var head = await store.HeadAsync();
        var statement = await PayoutRules.ComputeAsync(store, projection, head, new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        var rows = statement.Lines.Select(l => StatementRow.Of(l, statement, id => projection.Head.FindIdentity(id)?.Name)).ToList();
        var bytes = StatementFile.Write(rows);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("\"Period\",\"Currency\",\"Checkpoint\",\"Rule\",\"Society\",\"Owner\",\"OwnerName\",", text);
        Assert.Contains("\"Alice\"", text);
        Assert.Equal(rows, StatementFile.Read(bytes, "s.csv"));
        var (request, checkpoint) = StatementFile.RequestOf(StatementFile.Read(bytes, "s.csv"), "s.csv", null);
        Assert.Equal((PayoutRule.Fees, "2026-01", head), (request.Rule, request.Period, checkpoint));

        var verified = await StatementCheck.VerifyAsync(store, projection, bytes, "s.csv");
        Assert.True(verified.Reproduced, string.Join("; ", verified.Differences));
        Assert.Null(verified.Published);
        Assert.Equal(2.50m, verified.Statement.Total);
    }

    [Fact]
    public async Task AnAlteredAmount_IsNamedFieldByField()
    {
        var (store, projection, _) = await Ledger();
        using var __ = store;
        var statement = await PayoutRules.ComputeAsync(store, projection, await store.HeadAsync(), new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        var rows = statement.Lines.Select(l => StatementRow.Of(l, statement, _ => null)).ToList();
        rows[0] = rows[0] with { Net = "99.00" };
        var verified = await StatementCheck.VerifyAsync(store, projection, StatementFile.Write(rows), "s.csv");
        Assert.False(verified.Reproduced);
        Assert.Contains(verified.Differences, d => d.Contains("line 1, Net: the file says '99.00', the ledger yields '1.25'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Payouts_AtTheCheckpointOfAnotherLedger_AreRefused()
    {
        var (store, projection, _) = await Ledger();
        var (other, _, _) = await Ledger("other.db");
        using var _1 = store;
        using var _2 = other;
        var theirs = await other.HeadAsync();
        await Assert.ThrowsAsync<CheckpointMismatchException>(() =>
            PayoutRules.ComputeAsync(store, projection, theirs, new PayoutRequest("2026-01", Eur, PayoutRule.Fees)));
        var statement = await PayoutRules.ComputeAsync(store, projection, await store.HeadAsync(), new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        var forged = StatementFile.Write(statement.Lines.Select(l => StatementRow.Of(l, statement, _ => null) with { Checkpoint = theirs.ToString() }));
        await Assert.ThrowsAsync<CheckpointMismatchException>(() => StatementCheck.VerifyAsync(store, projection, forged, "forged.csv"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"Work\",\"Weight\"\n")]
    public void Read_AFileThatIsNotAStatement_SaysWhatAStatementIs(string content)
    {
        var e = Assert.Throws<InvalidDataException>(() => StatementFile.Read(Encoding.UTF8.GetBytes(content), "x.csv"));
        Assert.Contains("Get-LedgerPayout | Export-Csv", e.Message, StringComparison.Ordinal);
    }
}
