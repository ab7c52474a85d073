using CreatorLedger.Ledger;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell;

/// <summary>
/// The store this PowerShell session uses (the one Connect-Ledger chose, else the default one) and the clock every
/// cmdlet reads "now" from. A host, or a test, may give the session another clock: <c>[CreatorLedger.PowerShell.LedgerSession]::Clock</c>.
/// </summary>
public static class LedgerSession
{
    private static readonly Lock Gate = new();
    private static (IEventStore Store, StoreAddress Address)? _current;
    private static TimeProvider _clock = TimeProvider.System;

    /// <summary>What "now" is for every cmdlet and the stores they open (a fake clock drives them all in tests).</summary>
    public static TimeProvider Clock
    {
        get { lock (Gate) return _clock; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (Gate)
            {
                _clock = value;
                // Stores keep the clock they were opened with: the next command opens the store again with this one.
                _current?.Store.Dispose();
                _current = null;
            }
        }
    }

    internal static IEventStore Store => Current.Store;

    /// <summary>Where the session's store is, and so where its projection and hash cache live.</summary>
    internal static StoreAddress Address => Current.Address;

    private static (IEventStore Store, StoreAddress Address) Current
    {
        get
        {
            lock (Gate)
            {
                if (_current is { } current) return current;
                var address = StoreAddress.Default;
                _current = (StoreOpener.Open(address, _clock), address);
                return _current.Value;
            }
        }
    }

    /// <summary>Makes <paramref name="address"/> the session's store (a server is asked for its head first, so one that is down fails here, clearly).</summary>
    internal static IEventStore Connect(StoreAddress address, System.Net.NetworkCredential? credential = null)
    {
        var store = StoreOpener.Open(address, Clock, credential);
        try
        {
            if (address.Kind == StoreKind.EventStoreDb) store.HeadAsync().GetAwaiter().GetResult();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        lock (Gate)
        {
            _current?.Store.Dispose();
            _current = (store, address);
        }
        return store;
    }

    internal static void Disconnect()
    {
        lock (Gate)
        {
            _current?.Store.Dispose();
            _current = null;
            _policy = null;
        }
    }

    private static (string Path, TrustPolicy Policy, TimeSpan MaxAge)? _policy;

    /// <summary>The trust policy decisions are made under: Connect-Ledger -Policy's, else CREATORLEDGER_POLICY's file, else none.</summary>
    internal static (string Path, TrustPolicy Policy, TimeSpan MaxAge)? Policy
    {
        get { lock (Gate) return _policy; }
        set { lock (Gate) _policy = value; }
    }

    public const string PolicyVariable = "CREATORLEDGER_POLICY";
}
