using System.Management.Automation;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;

namespace CreatorLedger.PowerShell;

/// <summary>
/// What every CreatorLedger cmdlet shares as an adapter: the session's store and clock, parsing what a user typed into
/// the core's values, running core work with progress, and turning the core's exceptions into ErrorRecords.
/// </summary>
public abstract partial class LedgerCmdlet : PSCmdlet
{
    /// <summary>Now, by the session's clock (every cmdlet reads it here).</summary>
    internal static LedgerTime Now => LedgerTime.From(LedgerSession.Clock.GetUtcNow());

    internal static TimeProvider Clock => LedgerSession.Clock;

    /// <summary>Runs core async code on the pipeline thread (cmdlets must write from it).</summary>
    internal static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    internal static void Run(Task task) => task.GetAwaiter().GetResult();

    internal T RunWithProgress<T>(Func<ProgressLoop.Counter, Task<T>> work, string activity, string status, long total) =>
        ProgressLoop.Run(this, work, activity, status, total);

    internal IEventStore ConnectedStore()
    {
        try { return LedgerSession.Store; }
        catch (LedgerStoreException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreUnavailable, ErrorCategory.OpenError, StoreAddress.Default.Description)); throw; }
    }

    /// <summary>The license projection of the session's store at its head: the saved one brought up to date, or rebuilt (with progress).</summary>
    internal LicenseProjection LoadProjection(IEventStore store)
    {
        var saved = LedgerSession.Address.ProjectionFile;
        var head = Guard(() => Run(store.HeadAsync()));
        return Guard(() => RunWithProgress(p => LicenseProjection.LoadAsync(store, saved, p), "Reading the ledger",
            $"Replaying events of {store.Description}", head.Size));
    }

    /// <summary>The licensing facts of <paramref name="store"/> as they stand.</summary>
    internal LicenseView Licenses(IEventStore store) => LoadProjection(store).Head;

    /// <summary>A manifest file verified as its licensee's on <paramref name="store"/>; terminating ManifestInvalid otherwise.</summary>
    internal (ManifestVerification Verified, string Path) OpenManifest(string given, IEventStore store)
    {
        var path = GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the manifest '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var verified = Guard(() => Run(ManifestVerification.VerifyAsync(File.ReadAllBytes(path), store)));
        if (!verified.IsValid)
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' does not verify: {verified.Message}."), ErrorIds.ManifestInvalid, ErrorCategory.SecurityError, path));
        return (verified, path);
    }

    /// <summary>The head of the projected ledger, or a checkpoint given as text whose root this ledger has (terminating errors otherwise).</summary>
    internal Base.Checkpoint ResolveCheckpoint(IEventStore store, LicenseProjection projection, string? given)
    {
        var head = projection.Checkpoint ?? Guard(() => Run(store.HeadAsync()));
        if (given is null) return head;
        if (!Base.Checkpoint.TryParse(given, out var checkpoint))
            ThrowArgumentError(ErrorIds.InvalidCheckpoint, $"'{given}' is not a checkpoint (size:root, as Get-LedgerCheckpoint writes it).", given);
        try { Guard(() => { Run(store.VerifyCheckpointAsync(checkpoint, head)); return 0; }); }
        catch (CheckpointMismatchException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, given)); }
        return checkpoint;
    }

    /// <summary>Uses of the vocabulary by name; terminating UnknownUse for one that is not.</summary>
    internal List<Use> ParseUses(IEnumerable<string> names)
    {
        var uses = new List<Use>();
        foreach (var name in names)
        {
            if (Use.TryParse(name, out var use)) uses.Add(use);
            else ThrowArgumentError(ErrorIds.UnknownUse, $"'{name}' is not a use. Known uses: {string.Join(", ", Use.All.Select(u => u.Name))}.", name);
        }
        return uses;
    }

    /// <summary>A half-open window from -From (default now) to -Until; terminating InvalidWindow when it is empty.</summary>
    internal Window ParseWindow(DateTimeOffset? from, DateTimeOffset? until, string what)
    {
        var start = from is { } f ? LedgerTime.From(f) : Now;
        LedgerTime? end = until is { } u ? LedgerTime.From(u) : null;
        if (!Window.TryCreate(start, end, out var window))
            ThrowArgumentError(ErrorIds.InvalidWindow, $"The {what} window is empty: -Until ({end}) must be later than -From ({start}).", until);
        return window!.Value;
    }

    /// <summary>Parses a work digest a user typed or piped; writes InvalidWork for this one input if it is not one.</summary>
    internal bool TryParseWork(string text, out WorkId work)
    {
        if (WorkId.TryParse(text, out work)) return true;
        WriteError(new ErrorRecord(new ArgumentException($"'{text}' is not a work digest (sha256:<64 hex>)."), ErrorIds.InvalidWork, ErrorCategory.InvalidArgument, text));
        return false;
    }

    /// <summary>An identity by name (key file or ledger) or did; terminating IdentityNotFound when there is none.</summary>
    internal IdentityId ResolveIdentity(string nameOrDid, LicenseView? projection)
    {
        if (!Resolve.TryIdentity(nameOrDid, projection, out var id))
            ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException($"No identity '{nameOrDid}' is known here (neither a local key file nor an identity on the ledger)."),
                ErrorIds.IdentityNotFound, ErrorCategory.ObjectNotFound, nameOrDid));
        return id;
    }

    /// <summary>Whom a request is for: a name or a did (not '*': a request is made by someone); terminating InvalidLicensee otherwise.</summary>
    internal IdentityId LicenseeOf(string licensee, LicenseView view)
    {
        IdentityId id = default;
        if (licensee == CreatorLedger.Events.LicenseGranted.Everything || !Resolve.TryIdentity(licensee, view, out id))
            ThrowArgumentError(ErrorIds.InvalidLicensee, $"'{licensee}' is neither a known identity nor a did:key.", licensee);
        return id;
    }

    /// <summary>
    /// The file a cmdlet is to write, resolved: terminating FileExists when it exists and <paramref name="force"/> is not
    /// set, PathNotFound when its folder does not exist.
    /// </summary>
    internal string OutputPath(string given, bool force)
    {
        var path = GetUnresolvedProviderPathFromPSPath(given);
        if (File.Exists(path) && !force)
            ThrowTerminatingError(new ErrorRecord(new IOException($"'{path}' exists; use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, path));
        var directory = System.IO.Path.GetDirectoryName(path);
        if (directory is { Length: > 0 } && !Directory.Exists(directory))
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The folder '{directory}' does not exist."), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        return path;
    }

    internal void ThrowArgumentError(string id, string message, object? target, ErrorCategory category = ErrorCategory.InvalidArgument) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, category, target));

    /// <summary>Runs a core call; a domain exception becomes a terminating error with its stable id.</summary>
    internal T Guard<T>(Func<T> action, object? target = null)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (ErrorRecords.IsDomain(e))
        {
            ThrowTerminatingError(ErrorRecords.From(e, target));
            throw;
        }
    }
}
