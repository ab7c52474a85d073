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
    public static TheoryData<string> ContractCases() =>
        [.. typeof(EventStoreContract).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null && m.GetParameters().Length == 0)
            .Select(m => m.Name).Order(StringComparer.Ordinal)];

    [EventStoreDbTheory]
    [MemberData(nameof(ContractCases))]
    public async Task StoreContract(string test)
    {
        using var contract = new Contract();
        await (Task)typeof(EventStoreContract).GetMethod(test)!.Invoke(contract, null)!;
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
