using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>Core records turned into the typed objects cmdlets write.</summary>
internal static class Views
{
    /// <summary>A claim as a Work, with the title, media type and size its registration event gives (read through <paramref name="registrations"/>).</summary>
    public static Work ToWork(WorkClaim claim, LicenseView projection, Registrations registrations, string? path = null)
    {
        var claimants = projection.ClaimsOf(claim.Work);
        var (registration, eventId) = registrations.Of(claim);
        return new Work
        {
            Digest = claim.Work.Value,
            Title = registration?.Title ?? "",
            MediaType = registration?.MediaType ?? "",
            Bytes = registration?.Bytes ?? 0,
            Owner = claim.Claimant.Value,
            OwnerName = Resolve.NameOf(claim.Claimant, projection),
            Registered = claim.At.Value,
            Disputed = claimants.Count > 1,
            Claimants = [.. claimants.Select(c => c.Claimant.Value)],
            Path = path,
            EventId = eventId?.Hex ?? "",
        };
    }

    public static Grant ToGrant(Licensing.Grant grant, LicenseView projection, LedgerTime now)
    {
        var license = grant.License;
        return new Grant
        {
            GrantId = grant.Id.Hex,
            Owner = grant.Owner.Value,
            OwnerName = Resolve.NameOf(grant.Owner, projection),
            Signer = grant.Signer.Value,
            Works = license.Works is null ? [LicenseGranted.Everything] : [.. license.Works.Select(w => w.Value)],
            Licensee = license.Licensee?.Value ?? LicenseGranted.Everything,
            LicenseeName = license.Licensee is { } l ? Resolve.NameOf(l, projection) : "anyone",
            Uses = [.. license.Uses.Select(u => u.Name)],
            Commercial = license.Commercial,
            From = license.From.Value,
            Until = license.Until?.Value,
            Territories = [.. license.Territories ?? []],
            Fee = license.Terms.Fee?.ToString() ?? "",
            Attribution = license.Terms.Attribution,
            Status = grant.StatusAt(now).ToString(),
            RevokedEffective = grant.Revocation?.Effective.Value,
            RevocationId = grant.Revocation?.Id.Hex,
        };
    }

    public static Mandate ToMandate(Licensing.Mandate mandate, LicenseView projection, LedgerTime now) => new()
    {
        MandateId = mandate.Id.Hex,
        Owner = mandate.Owner.Value,
        OwnerName = Resolve.NameOf(mandate.Owner, projection),
        Agent = mandate.Terms.Agent.Value,
        AgentName = Resolve.NameOf(mandate.Terms.Agent, projection),
        Works = mandate.Terms.Works is null ? [LicenseGranted.Everything] : [.. mandate.Terms.Works.Select(w => w.Value)],
        Uses = [.. mandate.Terms.Uses.Select(u => u.Name)],
        From = mandate.Terms.From.Value,
        Until = mandate.Terms.Until?.Value,
        CommissionPercent = mandate.Terms.CommissionPercent,
        Status = mandate.StatusAt(now).ToString(),
        RevokedAt = mandate.RevokedAt?.Value,
    };

    public static Revocation ToRevocation(Licensing.Revocation revocation) => new()
    {
        RevocationId = revocation.Id.Hex,
        GrantId = revocation.GrantId.Hex,
        Effective = revocation.Effective.Value,
        Reason = revocation.Reason,
        Signer = revocation.Signer.Value,
    };

    public static PayoutLine ToPayoutLine(Payouts.StatementRow row) => new()
    {
        Period = row.Period, Currency = row.Currency, Checkpoint = row.Checkpoint, Rule = row.Rule, Society = row.Society, Owner = row.Owner,
        OwnerName = row.OwnerName, Mandate = row.Mandate, CommissionPercent = row.CommissionPercent, Gross = row.Gross, Commission = row.Commission,
        Net = row.Net, Works = row.Works, Grants = row.Grants, UsageReports = row.UsageReports,
    };

    public static PublishedStatement ToStatement(Licensing.PublishedStatement published, LicenseView names, string? path) => new()
    {
        EventId = published.Id.Hex,
        Society = published.Society.Value,
        SocietyName = Resolve.NameOf(published.Society, names),
        Statement = published.Data.Statement,
        Checkpoint = published.Data.Checkpoint.ToString(),
        Period = published.Data.Period,
        Currency = published.Data.Currency,
        Total = Payouts.Currency.TryFind(published.Data.Currency, out var c) ? c.Format(published.Data.Total) : published.Data.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Path = path,
    };

    public static LedgerEvent ToEvent(RecordedEvent recorded) => new()
    {
        Position = recorded.Position,
        Id = recorded.Id.Hex,
        Stream = recorded.Event.Stream.Value,
        Seq = recorded.Event.Seq,
        Type = recorded.Event.Type,
        At = recorded.Event.At.Value,
        Recorded = recorded.Recorded.Value,
        Key = recorded.Event.Key.Value,
        Data = recorded.Event.Data.GetRawText(),
        Envelope = Encoding.UTF8.GetString(recorded.Event.Bytes),
    };

    public static SignedCheckpoint ToSignedCheckpoint(Transparency.SignedCheckpoint signed)
    {
        var cosignatures = signed.Cosignatures;
        return new SignedCheckpoint
        {
            Origin = signed.Body.Origin,
            Size = signed.Body.Size,
            Root = signed.Checkpoint.Root,
            Checkpoint = signed.Checkpoint.ToString(),
            LogKey = signed.LogKey.ToString(),
            Witnesses = [.. cosignatures.Select(c => c.Name)],
            CosignedAt = [.. cosignatures.Select(c => c.Time)],
            Recorded = signed.Recorded?.Value,
            Note = signed.Note.ToString(),
        };
    }
}
