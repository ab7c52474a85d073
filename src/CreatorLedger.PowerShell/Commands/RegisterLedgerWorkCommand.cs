using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Register, "LedgerWork", SupportsShouldProcess = true, DefaultParameterSetName = ByPath)]
[OutputType(typeof(Work))]
public sealed class RegisterLedgerWorkCommand : LedgerCmdlet
{
    private const string ByPath = nameof(ByPath);
    private const string ByLiteralPath = nameof(ByLiteralPath);
    private readonly List<string> _files = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The creator registering (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>Title for every work registered by this call; default: each file's name.</summary>
    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? MediaType { get; set; }

    [Parameter]
    public string? Uri { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord() =>
        _files.AddRange(PathInput.Files(this, ParameterSetName == ByPath ? Path : null, ParameterSetName == ByLiteralPath ? LiteralPath : null));

    protected override void EndProcessing()
    {
        if (_files.Count == 0) return;
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var paths = _files.Distinct().ToArray();
        var hashed = RunWithProgress(p => Task.Run(() => Datasets.WorkHasher.HashAll(paths, null, p)), "Register-LedgerWork", "Hashing files", paths.Length);
        var works = new List<RegisteredWork>();
        var pathOf = new Dictionary<WorkId, string>();
        foreach (var h in hashed)
        {
            if (h.Problem is not null)
            {
                WriteError(new ErrorRecord(new IOException($"Cannot read '{h.Path}': {h.Problem}"), ErrorIds.FileUnreadable, ErrorCategory.ReadError, h.Path));
                continue;
            }
            if (!pathOf.TryAdd(h.Work, h.Path)) continue;
            works.Add(new RegisteredWork(h.Work, Title ?? System.IO.Path.GetFileName(h.Path), MediaType ?? Datasets.MediaTypes.Of(h.Path), h.Bytes, Uri));
        }
        if (works.Count == 0 || !ShouldProcess($"{works.Count} work(s) as {file.Name} on {store.Description}", "Register")) return;

        using var key = Unlock(file, Passphrase);
        var creator = new Creator(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile);
        var outcome = Guard(() => RunWithProgress(p => creator.RegisterAsync(works, p), "Register-LedgerWork", "Signing and appending", works.Count));

        foreach (var work in outcome.AlreadyYours)
            WriteWarning($"{pathOf[work]} ({work}) is already registered by {file.Name}; nothing written.");
        var disputed = outcome.NowDisputed.ToDictionary(d => d.Work, d => d.OtherClaimants);
        foreach (var (work, others) in outcome.NowDisputed)
            WriteWarning($"{pathOf[work]} ({work}) is also registered by {string.Join(", ", others)}: it is now disputed and not licensable until only one claim remains.");
        foreach (var (registered, signed) in outcome.Registered)
        {
            WriteObject(new Work
            {
                Digest = registered.Work.Value,
                Title = registered.Title,
                MediaType = registered.MediaType,
                Bytes = registered.Bytes,
                Owner = file.Identity.Value,
                OwnerName = file.Name,
                Registered = signed.At.Value,
                Disputed = disputed.ContainsKey(registered.Work),
                Claimants = [.. (disputed.TryGetValue(registered.Work, out var others) ? others.Select(o => o.Value) : []), file.Identity.Value],
                Path = pathOf[registered.Work],
                EventId = signed.Id.Hex,
            });
        }
    }
}
