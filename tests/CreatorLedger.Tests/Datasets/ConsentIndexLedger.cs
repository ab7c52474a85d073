using CreatorLedger.Datasets;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Licensing;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// A ledger with a work for every kind of row of a consent index asked for by Dana: licensed to her, licensed to someone
/// else, never licensed, revoked, expired, disputed, and — after <see cref="Checkpoint"/> — one withdrawn and one registered late.
/// </summary>
internal sealed class ConsentIndexLedger
{
    public ConsentIndexLedger()
    {
        var s = Scenario;
        s.Register(s.Alice, Licensed, Day(1));
        s.Register(s.Alice, NoGrant, Day(1));
        s.Register(s.Alice, Revoked, Day(1));
        s.Register(s.Alice, Expired, Day(1));
        s.Register(s.Alice, Withdrawn, Day(1));
        s.Register(s.Bob, OtherLicensee, Day(1));
        s.Register(s.Alice, Disputed, Day(1));
        s.Register(s.Bob, Disputed, Day(1, 1));
        s.Grant(s.Alice, Day(2), [Licensed, Withdrawn], s.Dana);
        var revoked = s.Grant(s.Alice, Day(2), [Revoked], s.Dana);
        s.Grant(s.Alice, Day(2), [Expired], s.Dana, until: Day(5));
        s.Grant(s.Bob, Day(2), [OtherLicensee], s.Erik);
        s.Revoke(s.Alice, revoked, Day(3), effective: Day(4));
        Checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        s.Withdraw(s.Alice, Withdrawn, Day(7));
        s.Register(s.Bob, Late, Day(7));
    }

    public LedgerScenario Scenario { get; } = new();

    public static WorkId Licensed { get; } = Work("licensed");
    public static WorkId NoGrant { get; } = Work("no grant");
    public static WorkId Revoked { get; } = Work("revoked");
    public static WorkId Expired { get; } = Work("expired");
    public static WorkId Withdrawn { get; } = Work("withdrawn");
    public static WorkId OtherLicensee { get; } = Work("other licensee");
    public static WorkId Disputed { get; } = Work("disputed");
    public static WorkId Late { get; } = Work("late");
    public static WorkId Unregistered { get; } = Work("nobody's");

    /// <summary>The ledger before the withdrawal and the late registration.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>The whole ledger, windows evaluated on day 10 (the revocation and the expiry have taken effect).</summary>
    public ConsentView Head => ConsentView.AsOf(Scenario.Events, Day(10));

    public ConsentView AtCheckpoint(LedgerTime evaluatedAt) => ConsentView.AtCheckpoint(Scenario.Events, Checkpoint, evaluatedAt);

    public DatasetRequest ForDana => new(Scenario.Dana.Id, Use.AiTrainGenerative);
}
