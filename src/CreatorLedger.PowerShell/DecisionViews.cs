using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Dataset decisions as the typed objects Test-LedgerLicense writes. Built only when written (a summary of millions
/// builds none); owner names and grant ids are worked out once per owner and grant, not once per file.
/// </summary>
internal sealed class DecisionViews(ConsentView view, Transparency.AcceptedCheckpoint? accepted = null)
{
    private readonly string _checkpoint = view.Checkpoint.ToString();
    private readonly Dictionary<IdentityId, string?> _ownerNames = [];
    private readonly Dictionary<EventId, string> _grantHex = [];

    public ConsentDecision ToOutput(DatasetDecision d)
    {
        var location = d.Location;
        // Prohibited or Unreadable: no ledger decision, the sample's digest when it has one (never its other hashes).
        if (d.Decision is not { } decision)
            return new ConsentDecision
            {
                Path = d.Path, Location = location?.ToString(), Key = location?.Key, Member = location?.Member, Row = location?.Row,
                DigestSource = d.DigestSource.ToString(), Work = d.Work?.Value, Decision = d.Outcome, Reason = d.Reason, Message = d.Problem,
                List = d.Match?.List, Distance = d.Match?.Distance,
                EvaluatedAt = view.EvaluatedAt.Value, Checkpoint = _checkpoint, Witnessed = accepted is not null, WitnessedAt = accepted?.WitnessedAt,
            };
        return new ConsentDecision
        {
            Path = d.Path,
            Location = location?.ToString(),
            Key = location?.Key,
            Member = location?.Member,
            Row = location?.Row,
            DigestSource = d.DigestSource.ToString(),
            Work = decision.Work.Value,
            Decision = decision.Decision,
            Reason = decision.Reason.ToString(),
            Owner = decision.Owner?.Value,
            OwnerName = decision.Owner is { } owner ? OwnerName(owner) : null,
            GrantIds = GrantHex(decision.GrantIds),
            EvaluatedAt = decision.EvaluatedAt.Value,
            Checkpoint = _checkpoint,
            Witnessed = accepted is not null,
            WitnessedAt = accepted?.WitnessedAt,
        };
    }

    private string? OwnerName(IdentityId owner)
    {
        if (!_ownerNames.TryGetValue(owner, out var name)) _ownerNames[owner] = name = Resolve.NameOf(owner, view.Licenses);
        return name;
    }

    private string[] GrantHex(IReadOnlyList<EventId> grants)
    {
        if (grants.Count == 0) return [];
        var hex = new string[grants.Count];
        for (int i = 0; i < hex.Length; i++)
            if (!_grantHex.TryGetValue(grants[i], out hex[i]!)) _grantHex[grants[i]] = hex[i] = grants[i].Hex;
        return hex;
    }
}
