using System.Security.Cryptography;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Payouts;

/// <summary>
/// A statement file against the ledger: what the ledger yields at the file's checkpoint (verified), where the file
/// differs from it line by line, and whether (and how) a society published the file's SHA-256.
/// </summary>
public sealed record StatementVerification(
    byte[] Bytes, string Sha256, PayoutStatement Statement, IReadOnlyList<string> Differences, PublishedStatement? Published)
{
    /// <summary>The file is what the ledger yields and, when published, what was published for that checkpoint and society.</summary>
    public bool Reproduced => Differences.Count == 0;
}

/// <summary>Recomputes statement files from the ledger, for societies before they publish and for creators who check.</summary>
public static class StatementCheck
{
    /// <summary>
    /// Recomputes <paramref name="bytes"/> (a statement file called <paramref name="name"/>) from the ledger at its
    /// checkpoint, whose root must be this ledger's (<see cref="CheckpointMismatchException"/> otherwise).
    /// <see cref="InvalidDataException"/> for a file that is not a statement.
    /// </summary>
    public static async Task<StatementVerification> VerifyAsync(IEventStore store, LicenseProjection projection, byte[] bytes, string name,
        IReadOnlyDictionary<WorkId, decimal>? weights = null, CancellationToken cancellationToken = default)
    {
        var rows = StatementFile.Read(bytes, name);
        var (request, checkpoint) = StatementFile.RequestOf(rows, name, weights);
        var statement = await PayoutRules.ComputeAsync(store, projection, checkpoint, request, cancellationToken).ConfigureAwait(false);
        var names = projection.Head;
        var computed = statement.Lines.Select(l => StatementRow.Of(l, statement, id => names.FindIdentity(id)?.Name)).ToList();
        var differences = StatementFile.Differences(rows, computed);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var published = names.Statements.FirstOrDefault(s => s.Data.Statement == sha);
        if (published is not null && published.Data.Checkpoint != statement.Checkpoint)
            differences.Insert(0, $"it was published for checkpoint {published.Data.Checkpoint}, its lines say {statement.Checkpoint}");
        else if (published is not null && statement.Request.Society is { } society && society != published.Society)
            differences.Insert(0, $"it deducts the commission of {society} but was published by {published.Society}");
        return new StatementVerification(bytes, sha, statement, differences, published);
    }
}
