using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using CreatorLedger.Identity;

namespace CreatorLedger.PowerShell;

public abstract partial class LedgerCmdlet
{
    /// <summary>
    /// The local key file of the identity named (by name or did), or, when none is named, of the only identity on this
    /// machine; terminating IdentityNotFound when there is none, and a list to choose from when there are several.
    /// </summary>
    internal KeyFile FindKeyFile(string? nameOrDid)
    {
        try
        {
            if (string.IsNullOrEmpty(nameOrDid))
            {
                if (KeyRing.Default.Sole(out var all) is { } sole) return sole;
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(all.Count == 0
                        ? $"No identity has a key file in {KeyRing.Default.Directory}: create one with New-LedgerIdentity, or check CREATORLEDGER_HOME."
                        : $"Say which identity acts with -Identity: this machine has {all.Count} ({string.Join(", ", all.Select(k => k.Name).Order(StringComparer.OrdinalIgnoreCase))})."),
                    ErrorIds.IdentityNotFound, all.Count == 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, null));
            }
            if (KeyRing.Default.Find(nameOrDid!) is { } file) return file;
        }
        catch (KeyFileException e)
        {
            ThrowTerminatingError(ErrorRecords.KeyFile(e));
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
            ThrowTerminatingError(ErrorRecords.KeyFile(e));
            throw;
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>The passphrase as characters (cleared by the caller), never echoed; asked twice for a new one.</summary>
    internal char[] ReadPassphrase(SecureString? passphrase, string prompt, bool confirm = false)
    {
        if (passphrase is null)
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(LedgerHome.PassphraseVariable);
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment.ToCharArray();
            if (Host?.UI is { } ui && IsInteractive())
            {
                ui.Write(prompt + ": ");
                passphrase = ui.ReadLineAsSecureString();
                if (confirm)
                {
                    ui.Write("Again: ");
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

    private static bool IsInteractive()
    {
        var args = Environment.GetCommandLineArgs();
        return !args.Any(a => a.Equals("-NonInteractive", StringComparison.OrdinalIgnoreCase) || a.Equals("-noni", StringComparison.OrdinalIgnoreCase))
            && !Console.IsInputRedirected;
    }

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
}
