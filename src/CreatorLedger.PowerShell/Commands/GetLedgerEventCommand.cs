using System.Management.Automation;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerEvent")]
[OutputType(typeof(LedgerEvent))]
public sealed class GetLedgerEventCommand : LedgerCmdlet
{
    /// <summary>Only this author's events (name or did).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Stream { get; set; }

    [Parameter]
    public string[]? Type { get; set; }

    /// <summary>Only events after this position.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long After { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void EndProcessing()
    {
        var store = ConnectedStore();
        Identity.IdentityId? stream = null;
        if (Stream is not null)
        {
            var projection = Stream.StartsWith("did:", StringComparison.Ordinal) ? null : Licenses(store);
            stream = ResolveIdentity(Stream, projection);
        }
        var events = stream is { } s ? store.ReadStreamAsync(s) : store.ReadAllAsync(After + 1);
        int written = 0;
        var enumerator = events.GetAsyncEnumerator();
        try
        {
            while (Guard(() => Run(enumerator.MoveNextAsync().AsTask())))
            {
                var e = enumerator.Current;
                if (e.Position <= After) continue;
                if (Type is not null && !Type.Contains(e.Event.Type, StringComparer.OrdinalIgnoreCase)) continue;
                WriteObject(Views.ToEvent(e));
                if (First is { } first && ++written >= first) break;
            }
        }
        finally
        {
            Run(enumerator.DisposeAsync().AsTask());
        }
    }
}
