using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell;

/// <summary>What Publish-LedgerPayout and Test-LedgerPayout share: reading a statement file and recomputing it from the ledger.</summary>
internal static class PayoutStatements
{
    /// <summary>
    /// The statement file's bytes, its lines recomputed from the ledger at the statement's checkpoint, and where the
    /// file and the ledger differ. Terminating errors for a file that is missing or is not a statement.
    /// </summary>
    public static (byte[] Bytes, string Path, PayoutStatement Statement, List<string> Differences) Recompute(LedgerCmdlet cmdlet, IEventStore store,
        LicenseProjection projection, string given, string? weightFile)
    {
        var path = cmdlet.GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path))
            cmdlet.ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the statement '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var bytes = File.ReadAllBytes(path);
        Dictionary<Base.WorkId, decimal>? weights = null;
        try
        {
            if (weightFile is not null) weights = StatementFile.ReadWeights(cmdlet, weightFile);
            var lines = StatementFile.ReadLines(bytes, path);
            var (request, checkpoint) = StatementFile.RequestOf(lines, path, weights);
            var verified = cmdlet.ResolveCheckpoint(store, projection, checkpoint.ToString());
            var statement = PayoutRules.Compute(projection, verified, request);
            var computed = statement.Lines.Select(l => StatementFile.ToOutput(l, statement, projection.Head)).ToList();
            return (bytes, path, statement, StatementFile.Differences(lines, computed));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FileNotFoundException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StatementMismatch, ErrorCategory.InvalidData, path));
            throw;
        }
    }

    public static PublishedStatement ToOutput(Licensing.PublishedStatement published, LicenseView names, string? path) => new()
    {
        EventId = published.Id.Hex,
        Society = published.Society.Value,
        SocietyName = Resolve.NameOf(published.Society, names),
        Statement = published.Data.Statement,
        Checkpoint = published.Data.Checkpoint.ToString(),
        Period = published.Data.Period,
        Currency = published.Data.Currency,
        Total = Currency.TryFind(published.Data.Currency, out var c) ? c.Format(published.Data.Total) : published.Data.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Path = path,
    };
}
