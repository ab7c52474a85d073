using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Manifests;

/// <summary>Why a manifest file is not one a ledger can take as its licensee's word.</summary>
public enum ManifestProblem
{
    /// <summary>Not a manifest, changed since it was signed, or its signature does not verify.</summary>
    BadSignature,

    /// <summary>It verifies, but under a key that is not one of its licensee's keys on the ledger: anyone can sign a manifest, only the licensee theirs.</summary>
    NotTheLicensees,
}

/// <summary>
/// A manifest file checked against a ledger, with the evidence: its signature verifies, and its signer is one of the
/// keys the licensee has held on the ledger. Only a verification that <see cref="IsValid"/> carries the manifest, so
/// code that takes one (a usage report, say) can trust it without checking again.
/// </summary>
public sealed class ManifestVerification
{
    private ManifestVerification(byte[] bytes, TrainingManifest? manifest, IdentityId? signer, ManifestProblem? problem, string message)
    {
        Bytes = bytes;
        Manifest = manifest;
        Signer = signer;
        Problem = problem;
        Message = message;
    }

    /// <summary>The file as read (its SHA-256 is what a usage report names).</summary>
    public byte[] Bytes { get; }

    /// <summary>The manifest, when it verifies.</summary>
    public TrainingManifest? Manifest { get; }

    /// <summary>The key that signed it, when the signature is one.</summary>
    public IdentityId? Signer { get; }

    public ManifestProblem? Problem { get; }

    public string Message { get; }

    public bool IsValid => Problem is null;

    /// <summary>Verifies <paramref name="bytes"/> as a manifest signed by one of its licensee's keys on <paramref name="store"/>.</summary>
    public static async Task<ManifestVerification> VerifyAsync(byte[] bytes, IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(store);
        if (!TrainingManifest.TryOpen(bytes, out var manifest, out var signer, out var problem))
            return new(bytes, null, null, ManifestProblem.BadSignature, problem);
        if (await SignerProblemAsync(manifest, signer, store, cancellationToken).ConfigureAwait(false) is { } problem2)
            return new(bytes, null, signer, ManifestProblem.NotTheLicensees, problem2);
        return new(bytes, manifest, signer, null, $"signed by {signer}, a key of the licensee {manifest.Licensee}");
    }

    /// <summary>Why <paramref name="signer"/> cannot sign for the manifest's licensee on <paramref name="store"/>, or null when it is one of its keys.</summary>
    public static async Task<string?> SignerProblemAsync(TrainingManifest manifest, IdentityId signer, IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(store);
        var licensee = await store.GetStreamHeadAsync(manifest.Licensee, cancellationToken).ConfigureAwait(false);
        return licensee is null || !licensee.Keys.Contains(signer)
            ? $"it is signed by {signer}, which is not a key of the licensee {manifest.Licensee} on this ledger"
            : null;
    }
}
