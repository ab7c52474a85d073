using System.Management.Automation;
using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell;

/// <summary>
/// The parameters of the cmdlets that take a dataset (Test-LedgerLicense, New-LedgerManifest) — files and folders,
/// piped files, digests, an input file, WebDataset shards or Parquet files, besides the request's own
/// (<see cref="ConsentRequestCmdlet"/>) — fed
/// to the core's <see cref="DatasetCheck"/>, whose decisions are handed to the cmdlet in input order.
/// </summary>
public abstract partial class DatasetCmdlet : ConsentRequestCmdlet, IDisposable
{
    private DatasetCheck? _check;

    /// <summary>Who the decisions are for.</summary>
    protected abstract IdentityId ResolveLicensee(LicenseView projection);

    /// <summary>Receives each decision, in input order.</summary>
    protected abstract void OnDecided(DatasetDecision decision);

    /// <summary>Whether to take the SHA-256 of every shard and Parquet file read (a manifest records its inputs).</summary>
    protected virtual bool RecordsInputs => false;

    /// <summary>The shards and Parquet files read, with their SHA-256 when <see cref="RecordsInputs"/>.</summary>
    protected List<DatasetFile> Inputs { get; } = [];

    protected ConsentView View => _check?.View ?? throw new InvalidOperationException("BeginProcessing has not run.");

    /// <summary>The checkpoint the session's trust policy accepted, when one is in force.</summary>
    protected AcceptedCheckpoint? Accepted { get; private set; }

    /// <summary>The lists of -Blocklist, loaded; null without them.</summary>
    protected Datasets.Screening.ScreeningLists? Screening { get; private set; }

    protected DatasetRequest Request => _check?.Request ?? throw new InvalidOperationException("BeginProcessing has not run.");

    protected override void BeginProcessing()
    {
        // Refused before the ledger is opened or a file read.
        if (DigestColumn is not null && BytesColumn is not null)
            ThrowArgumentError(ErrorIds.ParameterConflict, "-DigestColumn reads each row's digest and -BytesColumn hashes each row's bytes: give one of them.", BytesColumn);
        // Lists first: a list that cannot be used ends the command before the ledger is opened.
        Screening = ScreeningListsInput.Load(this, Blocklist);
        var (point, request) = ChooseRequest(ResolveLicensee);
        Accepted = point.Accepted;
        _check = new DatasetCheck(point.View, request, () =>
        {
            // Opened when the first file is hashed; where it cannot be kept (a read-only mirror), files are hashed every time.
            var cache = StoreOpener.OpenHashCache(LedgerSession.Address, out var problem);
            if (problem is not null) WriteWarning(problem);
            return cache;
        }, screening: Screening);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ByPath:
                foreach (var file in PathInput.Files(this, Path, null, Recurse)) Add(DatasetInput.File(file));
                break;
            case ByLiteralPath:
                foreach (var file in PathInput.Files(this, null, LiteralPath, Recurse)) Add(DatasetInput.File(file));
                break;
            case ByDigest:
                foreach (var text in Digest)
                    if (TryParseWork(text, out var work)) Add(DatasetInput.Digest(work));
                break;
            case ByInputFile:
                var path = GetUnresolvedProviderPathFromPSPath(InputFile);
                if (!File.Exists(path))
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the input file '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                foreach (var input in DatasetInputs.FromFile(path, missing => PathInput.NotFound(this, missing))) Add(input);
                break;
            case ByShard:
                ReadShards();
                break;
            case ByParquet:
                ReadParquet();
                break;
        }
    }

    protected override void EndProcessing()
    {
        foreach (var chunk in _check!.Complete()) Drain(chunk);
        Dispose();
    }

    /// <summary>Called by PowerShell when the pipeline ends, also when it was stopped: hashing in flight finishes before the cache closes.</summary>
    public void Dispose()
    {
        _check?.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Add(DatasetInput input)
    {
        if (_check!.Add(input) is { } chunk) Drain(chunk);
    }

    private void Drain(DatasetChunk chunk)
    {
        var check = _check!;
        ProgressLoop.Wait(this, chunk.Ready, new ProgressRecord(1, MyInvocation.MyCommand.Name, "Hashing files"),
            () => ($"Hashed {check.FilesHashed} of {check.FilesQueued} files", (int)(check.FilesHashed * 100 / Math.Max(1, check.FilesQueued))));
        foreach (var decision in chunk.Decide()) OnDecided(decision);
    }
}
