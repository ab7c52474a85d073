using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.New, "LedgerManifest", SupportsShouldProcess = true, DefaultParameterSetName = ByPath)]
[OutputType(typeof(ManifestInfo))]
public sealed class NewLedgerManifestCommand : DatasetCmdlet
{
    private readonly List<ManifestEntry> _entries = [];
    private ManifestWriter? _writer;
    private KeyFile? _keyFile;
    private long _prohibited;

    /// <summary>The developer's identity: the licensee of the run, and the signer of the manifest; may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>The training run's name (-Run).</summary>
    [Parameter(Mandatory = true)]
    [Alias("Run")]
    [ValidateNotNullOrEmpty]
    public string RunName { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Manifest (the signed CreatorLedger manifest, default), CycloneDX (1.6 BOM) or Spdx (3.0.1 JSON-LD, Dataset profile).</summary>
    [Parameter]
    [ValidateSet("Manifest", "CycloneDX", "Spdx")]
    public string Format { get; set; } = "Manifest";

    [Parameter]
    public SecureString? Passphrase { get; set; }

    /// <summary>
    /// Adds the events each included entry rests on (its registration, its grants, an agent's mandate, the authors' key
    /// histories) with their inclusion proofs at the pinned signed checkpoint, so that Test-LedgerManifest -Offline
    /// verifies the manifest with no ledger. Needs a signed checkpoint at the manifest's checkpoint.
    /// </summary>
    [Parameter]
    public SwitchParameter WithProofs { get; set; }

    protected override void BeginProcessing()
    {
        // Refused before a whole dataset is read.
        if (WithProofs && Format != "Manifest")
            ThrowArgumentError(ErrorIds.ParameterConflict, $"-WithProofs adds proofs to a signed CreatorLedger manifest; a {Format} document has no place for them.", Format);
        base.BeginProcessing();
    }

    protected override IdentityId ResolveLicensee(LicenseView projection)
    {
        _keyFile = FindKeyFile(Identity);
        return _keyFile.Identity;
    }

    protected override void OnDecided(DatasetDecision d)
    {
        var entry = ManifestEntry.Of(d);
        if (d.Match is not null) _prohibited++;
        // A signed manifest streams its entries to a spool as they are decided; only what -WithProofs proves, or a
        // CycloneDX or SPDX document (made whole), is kept in memory.
        if (Format != "Manifest") _entries.Add(entry);
        else
        {
            (_writer ??= new ManifestWriter(SpoolFolder())).Add(entry);
            if (WithProofs && entry.IsIncluded) _entries.Add(entry);
        }
    }

    // Beside the output, so the spool is on a disk that has room for the manifest.
    private string SpoolFolder() => System.IO.Path.GetDirectoryName(GetUnresolvedProviderPathFromPSPath(OutFile)) is { Length: > 0 } folder && Directory.Exists(folder)
        ? folder : System.IO.Path.GetTempPath();

    // A manifest says exactly which bytes it is about: each shard's and Parquet file's SHA-256.
    protected override bool RecordsInputs => true;

    protected override void EndProcessing()
    {
        base.EndProcessing();
        var path = OutputPath(OutFile, Force);
        // Pinned: the signed note of exactly this checkpoint, with its cosignatures (the accepted one under a trust policy).
        var pinned = Accepted?.Signed ?? Guard(() => Run(new TransparencyLog(ConnectedStore()).AtSizeAsync(View.Checkpoint.Size)));
        var manifest = TrainingManifest.Of(RunName, Request, View, Format == "Manifest" ? [] : _entries,
            pinned?.Checkpoint == View.Checkpoint ? pinned.Note.ToString() : null)
            with { Inputs = Inputs, Screening = Screening is { } lists ? ManifestScreening.Of(lists) : null };
        if (WithProofs && manifest.CheckpointNote is null)
            ThrowTerminatingError(ErrorRecords.From(new TransparencyException(TransparencyProblem.CheckpointNotSigned,
                $"-WithProofs proves events against the signed checkpoint the manifest pins, and {View.Checkpoint} is not signed: the operator signs the head with " +
                "Publish-LedgerCheckpoint, or decide at a signed checkpoint (-Checkpoint, or under a trust policy)."), View.Checkpoint.ToString()));
        using var writer = _writer ?? new ManifestWriter();
        var (included, excluded) = Format == "Manifest" ? (writer.Included, writer.Excluded) : (manifest.Included.LongCount(), manifest.Excluded.LongCount());
        if (!ShouldProcess(path, $"Write manifest '{RunName}' ({included} included, {excluded} excluded)")) return;
        // Written beside the target and moved over it: a manifest is whole or absent, never half-written.
        var temporary = path + ".partial";
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (Format == "CycloneDX") output.Write(CycloneDxExport.Write(manifest, typeof(NewLedgerManifestCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
                else if (Format == "Spdx") output.Write(SpdxExport.Write(manifest));
                else
                {
                    using var key = Unlock(_keyFile!, Passphrase);
                    if (WithProofs)
                    {
                        var store = ConnectedStore();
                        var proofs = Guard(() => RunWithProgress(p => ManifestEvidence.CollectAsync(_entries, manifest.Licensee, View.Licenses, store,
                            View.Checkpoint.Size, p), "Proving the manifest's entries", "Events read with their inclusion proofs", _entries.Count));
                        manifest = manifest with { Proofs = proofs };
                    }
                    writer.WriteTo(output, manifest, key);
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        using var written = File.OpenRead(path);
        WriteObject(new ManifestInfo
        {
            Path = path, Run = RunName, Included = included, Excluded = excluded, Prohibited = _prohibited,
            Checkpoint = View.Checkpoint.ToString(), Sha256 = Convert.ToHexStringLower(SHA256.HashData(written)),
        });
    }
}
