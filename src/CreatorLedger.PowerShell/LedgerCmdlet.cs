using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>
/// What every CreatorLedger cmdlet shares: the session's store, finding identities and unlocking their keys,
/// and turning the core's exceptions into ErrorRecords with stable ids and the right category.
/// </summary>
public abstract class LedgerCmdlet : PSCmdlet
{
    internal static IEventStore Store => LedgerSession.Store;

    /// <summary>Runs core async code on the pipeline thread (cmdlets must write from it).</summary>
    internal static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    internal static void Run(Task task) => task.GetAwaiter().GetResult();

    /// <summary>
    /// Runs long core work off the pipeline thread and shows its progress from the pipeline thread (the only one
    /// allowed to write); <paramref name="work"/> reports how many of <paramref name="total"/> items are done.
    /// </summary>
    internal T RunWithProgress<T>(Func<Counter, Task<T>> work, string activity, string status, long total)
    {
        var progress = new Counter();
        var task = Task.Run(() => work(progress));
        var record = new ProgressRecord(2, activity, status);
        // Waiting on the handle, not Task.Wait: a failure surfaces below as its own exception, not an AggregateException.
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(250))
        {
            var n = progress.Done;
            record.StatusDescription = $"{status}: {n} of {total}";
            record.PercentComplete = (int)Math.Min(100, n * 100 / Math.Max(1, total));
            WriteProgress(record);
        }
        record.RecordType = ProgressRecordType.Completed;
        WriteProgress(record);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Progress reported from any thread, read by the pipeline thread.</summary>
    internal sealed class Counter : IProgress<int>, IProgress<long>
    {
        private long _done;

        public long Done => Interlocked.Read(ref _done);

        public void Report(int value) => Interlocked.Exchange(ref _done, value);

        public void Report(long value) => Interlocked.Exchange(ref _done, value);
    }

    /// <summary>
    /// The license projection of <paramref name="store"/> at its head: the saved one brought up to date, or rebuilt
    /// (with progress) when there is none yet.
    /// </summary>
    internal LicenseProjection LoadProjection(IEventStore store)
    {
        var saved = LedgerSession.ProjectionFileFor(store);
        var head = Guard(() => Run(store.HeadAsync()));
        return Guard(() => RunWithProgress(p => LicenseProjection.LoadAsync(store, saved, p), "Reading the ledger",
            $"Replaying events of {store.Description}", head.Size));
    }

    /// <summary>The licensing facts of <paramref name="store"/> as they stand.</summary>
    internal LicenseView Licenses(IEventStore store) => LoadProjection(store).Head;

    /// <summary>
    /// A manifest file whose signature verifies and whose signer is one of its licensee's keys on <paramref name="store"/>
    /// (anyone can sign a manifest; only the licensee can sign theirs); terminating ManifestInvalid otherwise.
    /// </summary>
    internal (Manifests.TrainingManifest Manifest, byte[] Bytes, string Path) OpenManifest(string given, IEventStore store)
    {
        var path = GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the manifest '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var bytes = File.ReadAllBytes(path);
        if (!Manifests.TrainingManifest.TryOpen(bytes, out var manifest, out var signer, out var problem))
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' does not verify: {problem}."), ErrorIds.ManifestInvalid, ErrorCategory.SecurityError, path));
        var licensee = Guard(() => Run(store.GetStreamHeadAsync(manifest!.Licensee)));
        if (licensee is null || !licensee.Keys.Contains(signer))
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' is signed by {signer}, which is not a key of the licensee {manifest!.Licensee} on this ledger."),
                ErrorIds.ManifestInvalid, ErrorCategory.SecurityError, path));
        return (manifest!, bytes, path);
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
    internal List<Base.Use> ParseUses(IEnumerable<string> names)
    {
        var uses = new List<Base.Use>();
        foreach (var name in names)
        {
            if (Base.Use.TryParse(name, out var use)) uses.Add(use);
            else ThrowArgumentError(ErrorIds.UnknownUse, $"'{name}' is not a use. Known uses: {string.Join(", ", Base.Use.All.Select(u => u.Name))}.", name);
        }
        return uses;
    }

    /// <summary>A half-open window from -From (default now) to -Until; terminating InvalidWindow when it is empty.</summary>
    internal Window ParseWindow(DateTime? from, DateTime? until, string what)
    {
        var start = LedgerTime.From(from is { } f ? new DateTimeOffset(f.ToUniversalTime()) : DateTimeOffset.UtcNow);
        LedgerTime? end = until is { } u ? LedgerTime.From(new DateTimeOffset(u.ToUniversalTime())) : null;
        if (!Window.TryCreate(start, end, out var window))
            ThrowArgumentError(ErrorIds.InvalidWindow, $"The {what} window is empty: -Until ({end}) must be later than -From ({start}).", until);
        return window!.Value;
    }

    internal IEventStore ConnectedStore()
    {
        try { return Store; }
        catch (LedgerStoreException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreUnavailable, ErrorCategory.OpenError, LedgerHome.DefaultStorePath)); throw; }
    }

    /// <summary>The local key file of an identity named by name or did; terminating IdentityNotFound if none.</summary>
    internal KeyFile FindKeyFile(string nameOrDid)
    {
        try
        {
            var file = KeyRing.Default.Find(nameOrDid);
            if (file is not null) return file;
        }
        catch (KeyFileException e)
        {
            ThrowKeyFileError(e);
        }
        ThrowTerminatingError(new ErrorRecord(
            new ItemNotFoundException($"No identity named '{nameOrDid}' has a key file in {KeyRing.Default.Directory}. Create one with New-LedgerIdentity, or check CREATORLEDGER_HOME."),
            ErrorIds.IdentityNotFound, ErrorCategory.ObjectNotFound, nameOrDid));
        throw new InvalidOperationException();
    }

    /// <summary>Opens an identity's key with the passphrase from -Passphrase, CREATORLEDGER_PASSPHRASE or a prompt.</summary>
    internal SigningKey Unlock(KeyFile file, SecureString? passphrase)
    {
        var chars = ReadPassphrase(passphrase, $"Passphrase for {file.Name}");
        try
        {
            return file.Open(chars, KeyRing.Default.PathOf(file.Identity));
        }
        catch (KeyFileException e)
        {
            ThrowKeyFileError(e);
            throw;
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    internal char[] ReadPassphrase(SecureString? passphrase, string prompt, bool confirm = false)
    {
        if (passphrase is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(LedgerHome.PassphraseVariable);
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment.ToCharArray();
            if (Host?.UI is { } ui && IsInteractive())
            {
                WriteHost(prompt + ": ");
                passphrase = ui.ReadLineAsSecureString();
                if (confirm)
                {
                    WriteHost("Again: ");
                    using var again = ui.ReadLineAsSecureString();
                    var a = ToChars(passphrase);
                    var b = ToChars(again);
                    bool same = a.AsSpan().SequenceEqual(b);
                    Array.Clear(a);
                    Array.Clear(b);
                    if (!same) ThrowTerminatingError(new ErrorRecord(new ArgumentException("The two passphrases differ."), ErrorIds.PassphraseRequired, ErrorCategory.InvalidArgument, null));
                }
            }
        }
        if (passphrase is null || passphrase.Length == 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A passphrase is needed: pass -Passphrase (a SecureString) or set {LedgerHome.PassphraseVariable}."),
                ErrorIds.PassphraseRequired, ErrorCategory.AuthenticationError, null));
        }
        return ToChars(passphrase!);
    }

    private bool IsInteractive()
    {
        var args = Environment.GetCommandLineArgs();
        return !args.Any(a => a.Equals("-NonInteractive", StringComparison.OrdinalIgnoreCase) || a.Equals("-noni", StringComparison.OrdinalIgnoreCase))
            && !Console.IsInputRedirected;
    }

    private void WriteHost(string text) => Host.UI.Write(text);

    private static char[] ToChars(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            var chars = new char[secure.Length];
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return chars;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    internal void ThrowKeyFileError(KeyFileException e)
    {
        var (id, category) = e.Problem switch
        {
            KeyFileProblem.WrongPassphrase => (ErrorIds.WrongPassphrase, ErrorCategory.AuthenticationError),
            KeyFileProblem.NotAKeyFile => (ErrorIds.NotAKeyFile, ErrorCategory.InvalidData),
            _ => (ErrorIds.KeyFileUnreadable, ErrorCategory.ReadError),
        };
        ThrowTerminatingError(new ErrorRecord(e, id, category, e.Path));
    }

    /// <summary>The ErrorRecord for a core exception a cmdlet did not handle itself.</summary>
    internal static ErrorRecord ToErrorRecord(Exception e, object? target) => e switch
    {
        LicensingException l => new ErrorRecord(l, l.Problem.ToString(), l.Problem switch
        {
            LicensingProblem.WorkNotFound or LicensingProblem.GrantNotFound or LicensingProblem.MandateNotFound or LicensingProblem.AgentNotFound => ErrorCategory.ObjectNotFound,
            LicensingProblem.WorkNotOwned or LicensingProblem.GrantNotOwned or LicensingProblem.NoMandate or LicensingProblem.WorkNotLicensed => ErrorCategory.PermissionDenied,
            LicensingProblem.AlreadyRevoked => ErrorCategory.ResourceExists,
            _ => ErrorCategory.InvalidArgument,
        }, target),
        AuthorException a => new ErrorRecord(a, a.Problem == AuthorProblem.IdentityNotOnLedger ? ErrorIds.IdentityNotFound : ErrorIds.KeyNotCurrent,
            a.Problem == AuthorProblem.IdentityNotOnLedger ? ErrorCategory.ObjectNotFound : ErrorCategory.SecurityError, target),
        WrongExpectedRevisionException w => new ErrorRecord(w, ErrorIds.ConcurrentAppend, ErrorCategory.ResourceBusy, target),
        EventRejectedException r => new ErrorRecord(r, ErrorIds.EventRejected, ErrorCategory.SecurityError, target),
        LedgerStoreException s => new ErrorRecord(s, ErrorIds.StoreUnavailable, ErrorCategory.OpenError, target),
        KeyFileException k => new ErrorRecord(k, k.Problem == KeyFileProblem.WrongPassphrase ? ErrorIds.WrongPassphrase : ErrorIds.NotAKeyFile,
            ErrorCategory.AuthenticationError, target),
        _ => new ErrorRecord(e, e.GetType().Name, ErrorCategory.NotSpecified, target),
    };

    /// <summary>Runs a core call; a domain exception becomes a terminating error with its stable id.</summary>
    internal T Guard<T>(Func<T> action, object? target = null)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is LicensingException or AuthorException or WrongExpectedRevisionException or EventRejectedException or LedgerStoreException or KeyFileException)
        {
            ThrowTerminatingError(ToErrorRecord(e, target));
            throw;
        }
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

    internal void ThrowArgumentError(string id, string message, object? target, ErrorCategory category = ErrorCategory.InvalidArgument) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, category, target));
}
