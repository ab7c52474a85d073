using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>What every sample of a dataset is decided for: who uses it, for which use, commercially or not, and where.</summary>
public sealed record DatasetRequest
{
    public DatasetRequest(IdentityId licensee, Use use, bool commercial = false, string? territory = null)
    {
        if (territory is not null) TermsRules.Territories([territory]);
        Licensee = licensee;
        Use = use;
        Commercial = commercial;
        Territory = territory;
    }

    public IdentityId Licensee { get; }

    public Use Use { get; }

    public bool Commercial { get; }

    public string? Territory { get; }

    public ConsentRequest For(WorkId work) => new(work, Licensee, Use, Commercial, Territory);
}
