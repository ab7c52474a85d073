using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>
/// What the cmdlets that take a dataset share (Test-LedgerLicense, New-LedgerManifest): files and folders, piped
/// files, digests or an input file; the use, commercial flag and territory; as of a time or at a checkpoint. Inputs
/// are decided a chunk at a time, files hashed on all cores with a cache, and each decision handed to the cmdlet.
/// </summary>
public abstract class DatasetCmdlet : LedgerCmdlet, IDisposable
{
    protected const string ByPath = nameof(ByPath);
    protected const string ByLiteralPath = nameof(ByLiteralPath);
    protected const string ByDigest = nameof(ByDigest);
    protected const string ByInputFile = nameof(ByInputFile);
    // Inputs are decided a chunk at a time: files hash in parallel, results stream out, memory stays flat.
    private const int Chunk = 4096;

    private List<(string? Path, WorkId Work)> _pending = [];
    // The chunk being hashed while the one before it is decided and written.
    private (List<(string? Path, WorkId Work)> Inputs, FileHasher.Hashing? Hashing)? _inFlight;
    private ConsentView? _view;
    private Sqlite.SqliteHashCache? _cache;
    private bool _cacheUnavailable;
    private IdentityId _licensee;
    private Use? _use;
    // Written into every decision: worked out once per owner, grant and run rather than once per file.
    private string _checkpointText = "";
    private readonly Dictionary<IdentityId, string?> _ownerNames = [];
    private readonly Dictionary<EventId, string> _grantHex = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Look into folders' subfolders too.</summary>
    /// <summary>Paths taken as they are (no wildcards): what Get-ChildItem pipes, so names with brackets work.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    public SwitchParameter Recurse { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByDigest, ValueFromPipelineByPropertyName = true)]
    [Alias("Work")]
    public string[] Digest { get; set; } = [];

    /// <summary>A CSV with a Path or Digest column, or a text file with one path or digest per line.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputFile)]
    public string InputFile { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(UseCompleter))]
    public string Use { get; set; } = "";

    [Parameter]
    public SwitchParameter Commercial { get; set; }

    [Parameter]
    public string? Territory { get; set; }

    /// <summary>The time to decide at (default now). With -Checkpoint, the time windows are evaluated at.</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>Decide on the ledger exactly as it was at this checkpoint (size:root).</summary>
    [Parameter]
    public string? Checkpoint { get; set; }

    protected override void BeginProcessing()
    {
        _use = ParseUses([Use])[0];
        if (Territory is not null && !LicenseGranted.IsTerritory(Territory))
            ThrowArgumentError(ErrorIds.InvalidTerms, $"'{Territory}' is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. DE).", Territory);
        var store = ConnectedStore();
        var at = LedgerTime.From(AsOf is { } a ? new DateTimeOffset(a.ToUniversalTime()) : DateTimeOffset.UtcNow);
        if (Checkpoint is not null)
        {
            if (!Base.Checkpoint.TryParse(Checkpoint, out var checkpoint))
                ThrowArgumentError(ErrorIds.InvalidCheckpoint, $"'{Checkpoint}' is not a checkpoint (size:root, as Get-LedgerCheckpoint writes it).", Checkpoint);
            var projection = LoadProjection(store);
            try { _view = Guard(() => Run(ConsentView.AtCheckpointAsync(store, projection, checkpoint, at))); }
            catch (CheckpointMismatchException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, Checkpoint)); }
        }
        else
        {
            _view = ConsentView.AsOf(LoadProjection(store), at);
        }
        _licensee = ResolveLicensee(_view!.Licenses);
        _checkpointText = _view.Checkpoint.ToString();
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ByPath:
                foreach (var file in PathInput.Files(this, Path, null, Recurse)) Queue(file, default);
                break;
            case ByLiteralPath:
                foreach (var file in PathInput.Files(this, null, LiteralPath, Recurse)) Queue(file, default);
                break;
            case ByDigest:
                foreach (var text in Digest)
                    if (TryParseWork(text, out var work)) Queue(null, work);
                break;
            case ByInputFile:
                ReadInputFile();
                break;
        }
    }

    /// <summary>Who the decisions are for.</summary>
    protected abstract IdentityId ResolveLicensee(LicenseView projection);

    /// <summary>Receives each decision, in input order.</summary>
    protected abstract void OnDecided(DatasetDecision decision);

    protected ConsentView View => _view ?? throw new InvalidOperationException("BeginProcessing has not run.");

    protected IdentityId LicenseeId => _licensee;

    protected Use RequestedUse => _use!;

    protected override void EndProcessing()
    {
        Flush(last: true);
        _cache?.Dispose();
        _cache = null;
    }

    /// <summary>Called by PowerShell when the pipeline ends, also when it was stopped: hashing in flight is let finish before the cache closes.</summary>
    public void Dispose()
    {
        try { _inFlight?.Hashing?.Task.Wait(); }
        catch (AggregateException) { }
        _inFlight = null;
        _cache?.Dispose();
        _cache = null;
        GC.SuppressFinalize(this);
    }

    private void Queue(string? path, WorkId work)
    {
        _pending.Add((path, work));
        if (_pending.Count >= Chunk) Flush(last: false);
    }

    /// <summary>
    /// Starts hashing the pending chunk, then decides the chunk hashed before it: hashing on all cores overlaps with
    /// writing decisions on the pipeline thread. With <paramref name="last"/>, everything is decided.
    /// </summary>
    private void Flush(bool last)
    {
        var previous = _inFlight;
        _inFlight = null;
        var hashed = previous?.Hashing is { } h ? FileHasher.Wait(this, h, MyInvocation.MyCommand.Name) : [];
        if (_pending.Count > 0)
        {
            var paths = _pending.Where(p => p.Path is not null).Select(p => p.Path!).ToArray();
            _inFlight = (_pending, paths.Length == 0 ? null : FileHasher.Start(paths, Cache()));
            _pending = [];
        }
        if (previous is { } done) Decide(done.Inputs, hashed);
        if (last && _inFlight is not null) Flush(last: true);
    }

    private void Decide(List<(string? Path, WorkId Work)> inputs, FileHasher.Hashed[] hashed)
    {
        // hashed[] holds the chunk's files in input order.
        int file = 0;
        foreach (var (path, given) in inputs)
        {
            var h = path is null ? null : hashed[file++];
            if (h is { Problem: not null })
            {
                // Fail closed: a file that cannot be read is never reported as licensed.
                OnDecided(new DatasetDecision(path, null, h.Problem));
                continue;
            }
            var work = h?.Work ?? given;
            OnDecided(new DatasetDecision(path, _view!.Decide(new ConsentRequest(work, _licensee, _use!, Commercial, Territory)), null));
        }
    }

    /// <summary>One input decided: a file or digest and the ledger's decision, or why the file could not be read.</summary>
    protected readonly record struct DatasetDecision(string? Path, Licensing.ConsentDecision? Decision, string? Problem)
    {
        public string DecisionText => Decision?.Decision ?? "Unreadable";

        public string ReasonText => Decision?.Reason.ToString() ?? "Unreadable";
    }

    /// <summary>The typed object a decision is written as (built only when it is written: a summary of millions builds none).</summary>
    protected ConsentDecision ToOutput(DatasetDecision d)
    {
        if (d.Decision is not { } decision)
            return new ConsentDecision
            {
                Path = d.Path, Decision = "Unreadable", Reason = "Unreadable", Message = d.Problem,
                EvaluatedAt = _view!.EvaluatedAt.Value, Checkpoint = _checkpointText,
            };
        return new ConsentDecision
        {
            Path = d.Path,
            Work = decision.Work.Value,
            Decision = decision.Decision,
            Reason = decision.Reason.ToString(),
            Owner = decision.Owner?.Value,
            OwnerName = decision.Owner is { } owner ? OwnerName(owner) : null,
            GrantIds = GrantHex(decision.GrantIds),
            EvaluatedAt = decision.EvaluatedAt.Value,
            Checkpoint = _checkpointText,
        };
    }

    private string? OwnerName(IdentityId owner)
    {
        if (!_ownerNames.TryGetValue(owner, out var name)) _ownerNames[owner] = name = Resolve.NameOf(owner, _view!.Licenses);
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


    /// <summary>
    /// Digests of unchanged files (same path, size and modification time), kept beside the store; opened when first
    /// needed. Where it cannot be kept (a read-only mirror, say) files are simply hashed every time.
    /// </summary>
    private Sqlite.SqliteHashCache? Cache()
    {
        if (_cache is not null || _cacheUnavailable) return _cache;
        var path = Store is Sqlite.SqliteEventStore sqlite
            ? Sqlite.SqliteHashCache.PathBeside(sqlite.Path)
            : System.IO.Path.Combine(LedgerHome.Directory, "hashes.db");
        try
        {
            _cache = Sqlite.SqliteHashCache.Open(path);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            _cacheUnavailable = true;
            WriteWarning($"The hash cache '{path}' cannot be used ({e.Message}); every file will be read.");
        }
        return _cache;
    }

    private void ReadInputFile()
    {
        var path = GetUnresolvedProviderPathFromPSPath(InputFile);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the input file '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var baseDirectory = System.IO.Path.GetDirectoryName(path)!;
        using var reader = new StreamReader(path);
        int column = -1;
        bool first = true;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim().Length == 0) continue;
            if (first)
            {
                first = false;
                // A CSV header names the column to read; otherwise every line is a path or a digest.
                var header = line.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
                column = Array.FindIndex(header, h => h is "Path" or "path" or "FullName" or "Digest" or "digest" or "Work" or "work");
                if (column >= 0) continue;
            }
            var value = (column >= 0 ? Csv.Split(line).ElementAtOrDefault(column) : line)?.Trim() ?? "";
            if (value.Length == 0) continue;
            if (WorkId.TryParse(value, out var work)) { Queue(null, work); continue; }
            var full = System.IO.Path.IsPathRooted(value) ? value : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, value));
            foreach (var file in PathInput.Files(this, null, [full], recurse: true)) Queue(file, default);
        }
    }
}
