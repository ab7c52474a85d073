using System.Reflection;
using CreatorLedger.EventStore;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>A theory that runs only where CREATORLEDGER_ESDB names an EventStoreDB server; elsewhere each case is reported as skipped (counted, never silently dropped).</summary>
public sealed class EventStoreDbTheoryAttribute : TheoryAttribute
{
    public EventStoreDbTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB")))
            Skip = "CREATORLEDGER_ESDB names no EventStoreDB server (e.g. esdb://127.0.0.1:2113?tls=false).";
    }
}

/// <summary>
/// The server CREATORLEDGER_ESDB names, checked once: the run writes only ledgers named for it, never the server's
/// default ledger, and it refuses a server whose default ledger already holds events (one people use) unless
/// CREATORLEDGER_ESDB_SHARED=1 says that server may take the run's ledgers beside its own.
/// </summary>
internal static class RealEventStoreDb
{
    public const string SharedVariable = "CREATORLEDGER_ESDB_SHARED";

    private static readonly Lazy<string> Checked = new(() =>
    {
        var address = Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB")!;
        using var defaultLedger = EventStoreDbStore.Open(address);
        var size = defaultLedger.HeadAsync().GetAwaiter().GetResult().Size;
        if (size > 0 && Environment.GetEnvironmentVariable(SharedVariable) != "1")
            throw new InvalidOperationException(
                $"{defaultLedger.Description} holds {size} event(s) in its default ledger: it looks like a server people use. The tests write only " +
                $"ledgers named for the run, but refuse such a server unless {SharedVariable}=1 says they may.");
        return address;
    });

    public static string Address => Checked.Value;

    public static string NewLedgerName() => "t" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>
/// The acceptance of the EventStoreDB client: the whole store contract against a real server. Each store is a
/// ledger of its own on that server (its streams named creatorledger-&lt;run&gt;-&lt;did&gt;), so runs never see each other.
/// </summary>
public sealed class RealEventStoreDbTests
{
    /// <summary>Every case of the contract: each fact, and each row of each theory (by its index).</summary>
    public static TheoryData<string, int> ContractCases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var method in typeof(EventStoreContract).GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (method.GetCustomAttribute<FactAttribute>() is null) continue;
            var rows = method.GetCustomAttributes<InlineDataAttribute>().ToList();
            if (rows.Count == 0) cases.Add(method.Name, -1);
            else for (int row = 0; row < rows.Count; row++) cases.Add(method.Name, row);
        }
        return cases;
    }

    [EventStoreDbTheory]
    [MemberData(nameof(ContractCases))]
    public async Task StoreContract(string test, int row)
    {
        using var contract = new Contract();
        var method = typeof(EventStoreContract).GetMethod(test)!;
        object?[]? arguments = row < 0 ? null : method.GetCustomAttributes<InlineDataAttribute>().ElementAt(row).GetData(method).Single();
        await (Task)method.Invoke(contract, arguments)!;
    }

    [EventStoreDbTheory]
    [InlineData("b")]
    public async Task DefaultLedger_SeesNoneOfTheRunsLedgers(string suffix)
    {
        // Read only: the run never writes the default ledger of a real server.
        var ledger = RealEventStoreDb.NewLedgerName();
        using var named = EventStoreDbStore.Open(RealEventStoreDb.Address, null, null, ledger);
        using var longer = EventStoreDbStore.Open(RealEventStoreDb.Address, null, null, $"{ledger}-{suffix}");
        using var defaultLedger = EventStoreDbStore.Open(RealEventStoreDb.Address);
        var ids = new HashSet<CreatorLedger.Base.EventId>();
        foreach (var store in new[] { named, longer })
        {
            var chain = new CreatorLedger.Tests.Ledger.ChainBuilder(CreatorLedger.Identity.SigningKey.Generate());
            chain.Genesis();
            await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
            ids.Add(chain.Events[0].Id);
        }
        await foreach (var e in defaultLedger.ReadEnvelopesAsync())
            Assert.True(e.Id is not { } id || !ids.Contains(id), $"The default ledger reads event {e.Id} of a named ledger at its position {e.Position}.");
        Assert.Equal(1, (await named.HeadAsync()).Size);
        Assert.Equal(1, (await longer.HeadAsync()).Size);
    }

    [Fact]
    public void ContractCases_AreEveryFactAndEveryTheoryRow()
    {
        // The in-process suite runs the same contract; the real-server run must not quietly cover less of it.
        var facts = typeof(EventStoreContract).GetMethods().Count(m => m.GetCustomAttribute<FactAttribute>() is not null && m.GetParameters().Length == 0);
        var rows = typeof(EventStoreContract).GetMethods().Sum(m => m.GetCustomAttributes<InlineDataAttribute>().Count());
        Assert.Equal(facts + rows, ContractCases().Count());
        Assert.True(rows >= 8);
    }

    private sealed class Contract : EventStoreContract
    {
        private readonly Dictionary<IEventStore, string> _ledgers = [];

        protected override IEventStore CreateStore()
        {
            var ledger = RealEventStoreDb.NewLedgerName();
            var store = EventStoreDbStore.Open(RealEventStoreDb.Address, Clock, null, ledger);
            _ledgers[store] = ledger;
            return store;
        }

        protected override IEventStore OpenAgain(IEventStore store)
        {
            var again = EventStoreDbStore.Open(RealEventStoreDb.Address, Clock, null, _ledgers[store]);
            _ledgers[again] = _ledgers[store];
            return again;
        }

        protected override IEventStore OpenOtherLedger(IEventStore store, string name)
        {
            var ledger = $"{_ledgers[store]}-{name}";
            var other = EventStoreDbStore.Open(RealEventStoreDb.Address, Clock, null, ledger);
            _ledgers[other] = ledger;
            return other;
        }

        protected override DateTimeOffset StoreNow() => DateTimeOffset.UtcNow;

        public override void Dispose() { }
    }
}
