using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>Turns what a user types (a name or a did) into identities, using key files and the ledger.</summary>
internal static class Resolve
{
    public static bool TryIdentity(string nameOrDid, LicenseView? projection, out IdentityId id)
    {
        if (IdentityId.TryParse(nameOrDid, out id)) return true;
        var file = KeyRing.Default.List().FirstOrDefault(k => string.Equals(k.Name, nameOrDid, StringComparison.OrdinalIgnoreCase));
        if (file is not null) { id = file.Identity; return true; }
        var onLedger = projection?.Identities.Where(i => string.Equals(i.Name, nameOrDid, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (onLedger is { Length: 1 }) { id = onLedger[0].Id; return true; }
        id = default;
        return false;
    }

    public static string? NameOf(IdentityId id, LicenseView projection) => projection.FindIdentity(id)?.Name;
}
