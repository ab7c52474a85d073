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
            var ledger = "t" + Guid.NewGuid().ToString("N")[..12];
            var store = EventStoreDbStore.Open(Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB")!, Clock, null, ledger);
            _ledgers[store] = ledger;
            return store;
        }

        protected override IEventStore OpenAgain(IEventStore store)
        {
            var again = EventStoreDbStore.Open(Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB")!, Clock, null, _ledgers[store]);
            _ledgers[again] = _ledgers[store];
            return again;
        }

        public override void Dispose() { }
    }
}
