using System.Management.Automation;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerIdentity", DefaultParameterSetName = ByName)]
[OutputType(typeof(LedgerIdentity))]
public sealed class GetLedgerIdentityCommand : LedgerCmdlet
{
    private const string ByName = nameof(ByName);
    private const string ByDid = nameof(ByDid);

    [Parameter(Position = 0, ParameterSetName = ByName)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Name { get; set; } = "*";

    [Parameter(Mandatory = true, ParameterSetName = ByDid, ValueFromPipelineByPropertyName = true)]
    public string Did { get; set; } = "";

    /// <summary>Only identities with a key file on this machine.</summary>
    [Parameter]
    public SwitchParameter Local { get; set; }

    protected override void ProcessRecord()
    {
        var projection = Licenses(ConnectedStore());
        var files = KeyRing.Default.List().ToDictionary(f => f.Identity);
        var ids = files.Keys.Concat(Local ? [] : projection.Identities.Select(i => i.Id)).Distinct();
        var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        bool any = false;
        foreach (var id in ids)
        {
            files.TryGetValue(id, out var file);
            var record = projection.FindIdentity(id);
            var name = file?.Name ?? record?.Name ?? "";
            if (ParameterSetName == ByDid ? id.Value != Did : !pattern.IsMatch(name) && !pattern.IsMatch(record?.Name ?? "")) continue;
            any = true;
            WriteObject(new LedgerIdentity
            {
                Name = name,
                Did = id.Value,
                Role = record?.Role ?? "",
                Key = (record?.CurrentKey ?? file?.Key)?.Value ?? "",
                Contact = record?.Contact,
                HasKeyFile = file is not null,
                KeyFile = file is null ? null : KeyRing.Default.PathOf(id),
                Created = record?.Created.Value,
                Seq = record?.Seq ?? 0,
            });
        }
        if (!any && (ParameterSetName == ByDid || !WildcardPattern.ContainsWildcardCharacters(Name)))
            WriteError(new ErrorRecord(new ItemNotFoundException($"No identity '{(ParameterSetName == ByDid ? Did : Name)}' is known here."),
                ErrorIds.IdentityNotFound, ErrorCategory.ObjectNotFound, ParameterSetName == ByDid ? Did : Name));
    }
}
