using System.Security.Cryptography;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Payouts;

/// <summary>A society putting a payout statement's SHA-256 on the ledger (PayoutStatementIssued), so that creators can check the statement they were paid on.</summary>
public sealed class StatementPublishing(IEventStore store, IdentityId society, SigningKey key, TimeProvider? clock = null)
{
    private readonly Author _author = new(store, society, key, clock);

    public async Task<PublishedStatement> PublishAsync(byte[] statementFile, PayoutStatement statement, CancellationToken cancellationToken = default)
    {
        var data = new PayoutStatementIssued(Convert.ToHexStringLower(SHA256.HashData(statementFile)), statement.Checkpoint, statement.Request.Period,
            statement.Request.Currency.Code, statement.Total);
        var signed = await _author.AppendAsync(data.ToDraft(), cancellationToken).ConfigureAwait(false);
        return new PublishedStatement(signed.Id, society, data, signed.At, 0);
    }
}
