using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerWork", DefaultParameterSetName = ByWork)]
[OutputType(typeof(Work))]
public sealed class GetLedgerWorkCommand : LedgerCmdlet
{
    private const string ByWork = nameof(ByWork);
    private const string ByPath = nameof(ByPath);
    private LicenseView? _projection;
    private Registrations? _registrations;

    [Parameter(Position = 0, ParameterSetName = ByWork, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[]? Work { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByPath, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[] Path { get; set; } = [];

    /// <summary>Only works this identity (name or did) claims.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Owner { get; set; }

    protected override void ProcessRecord()
    {
        _projection ??= Licenses(ConnectedStore());
        _registrations ??= new Registrations(ConnectedStore());
        Identity.IdentityId? owner = null;
        if (Owner is not null)
        {
            owner = ResolveIdentity(Owner, _projection);
        }
        var wanted = new List<(WorkId Work, string? Path, string Given)>();
        if (ParameterSetName == ByPath)
        {
            foreach (var file in PathInput.Files(this, Path, null))
            {
                var hashed = Datasets.WorkHasher.Hash(file);
                if (hashed.Problem is null) wanted.Add((hashed.Work, file, file));
                else WriteError(new ErrorRecord(new IOException(hashed.Problem), ErrorIds.FileUnreadable, ErrorCategory.ReadError, file));
            }
        }
        else if (Work is not null)
        {
            foreach (var text in Work)
            {
                if (TryParseWork(text, out var work)) wanted.Add((work, null, text));
            }
        }
        else
        {
            foreach (var claim in _projection.AllClaims.OrderBy(c => c.Position))
                if (owner is null || claim.Claimant == owner) WriteObject(Views.ToWork(claim, _projection, _registrations));
            return;
        }
        foreach (var (work, path, given) in wanted)
        {
            var claims = _projection.ClaimsOf(work).Where(c => owner is null || c.Claimant == owner).ToArray();
            if (claims.Length == 0)
                WriteError(new ErrorRecord(new ItemNotFoundException($"{given} is not registered on this ledger."), ErrorIds.WorkNotFound, ErrorCategory.ObjectNotFound, given));
            foreach (var claim in claims) WriteObject(Views.ToWork(claim, _projection, _registrations, path));
        }
    }
}
