using System.Management.Automation;
using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>
/// The parameters of a consent request asked of the ledger — the use, commercial or not, the territory, as of a time or
/// at a checkpoint — shared by the cmdlets that decide works (Test-LedgerLicense, New-LedgerManifest, Export-LedgerConsent),
/// and where they are decided: at -Checkpoint, else at the checkpoint the session's trust policy accepts, else at the head.
/// </summary>
public abstract class ConsentRequestCmdlet : LedgerCmdlet
{
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(UseCompleter))]
    public string Use { get; set; } = "";

    [Parameter]
    public SwitchParameter Commercial { get; set; }

    [Parameter]
    public string? Territory { get; set; }

    /// <summary>The time to decide at (default now). With -Checkpoint, the time windows are evaluated at.</summary>
    [Parameter]
    [LedgerDate]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Decide on the ledger exactly as it was at this checkpoint (size:root).</summary>
    [Parameter]
    public string? Checkpoint { get; set; }

    /// <summary>
    /// Hash lists of known illegal material (one hash a line: MD5, SHA-1, SHA-256, or pdq: and 64 hex digits): a sample
    /// on one is Prohibited, whatever grants exist. Lists are read into memory only, never copied anywhere.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Blocklist { get; set; }

    /// <summary>Where to decide, and the request, for the licensee <paramref name="licensee"/> finds in that view; terminating errors otherwise.</summary>
    internal (DecisionPoint Point, DatasetRequest Request) ChooseRequest(Func<LicenseView, IdentityId> licensee)
    {
        var use = ParseUses([Use])[0];
        var store = ConnectedStore();
        var at = AsOf is { } a ? LedgerTime.From(a) : Now;
        var point = ChooseDecisionPoint(store, LoadProjection(store), at, Checkpoint);
        return (point, Guard(() => new DatasetRequest(licensee(point.View.Licenses), use, Commercial, Territory), Territory));
    }
}
