using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Unregister, "LedgerWork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByWork)]
[OutputType(typeof(Work))]
public sealed class UnregisterLedgerWorkCommand : LedgerCmdlet
{
    private const string ByWork = nameof(ByWork);
    private const string ByPath = nameof(ByPath);
    private readonly List<(WorkId Work, string? Path)> _works = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByWork, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[] Work { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByPath)]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Identity { get; set; } = "";

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByPath)
        {
            foreach (var file in PathInput.Files(this, Path, null))
            {
                var hashed = FileHasher.HashOne(file);
                if (hashed.Problem is null) _works.Add((hashed.Work, file));
                else WriteError(new ErrorRecord(new IOException(hashed.Problem), ErrorIds.FileUnreadable, ErrorCategory.ReadError, file));
            }
            return;
        }
        foreach (var text in Work)
        {
            if (WorkId.TryParse(text, out var work)) _works.Add((work, null));
            else WriteError(new ErrorRecord(new ArgumentException($"'{text}' is not a work digest (sha256:<64 hex>)."), ErrorIds.InvalidWork, ErrorCategory.InvalidArgument, text));
        }
    }

    protected override void EndProcessing()
    {
        if (_works.Count == 0) return;
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        SecureString? passphrase = Passphrase;
        Identity.SigningKey? key = null;
        try
        {
            foreach (var (work, path) in _works)
            {
                if (!ShouldProcess($"{path ?? work.Value} (registered by {file.Name})", "Withdraw work")) continue;
                key ??= Unlock(file, passphrase);
                var creator = new Creator(store, file.Identity, key);
                try
                {
                    var signed = Run(creator.WithdrawAsync(work));
                    WriteObject(new Work { Digest = work.Value, Owner = file.Identity.Value, OwnerName = file.Name, Path = path, EventId = signed.Id.Hex, Registered = signed.At.Value });
                }
                catch (LicensingException e)
                {
                    WriteError(ToErrorRecord(e, work.Value));
                }
            }
        }
        finally
        {
            key?.Dispose();
        }
    }
}
