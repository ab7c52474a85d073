using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace CreatorLedger.Base;

/// <summary>
/// The ledger at a size: how many events, and the RFC 9162 Merkle root over their ids in position order.
/// Written <c>&lt;size&gt;:&lt;root hex&gt;</c>. Two ledgers with the same checkpoint hold the same events in the same order.
/// </summary>
public readonly record struct Checkpoint(long Size, string Root)
{
    /// <summary>The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1).</summary>
    public static readonly string EmptyRoot = Convert.ToHexStringLower(SHA256.HashData([]));

    public static Checkpoint Empty { get; } = new(0, EmptyRoot);

    public static Checkpoint Parse(string text) =>
        TryParse(text, out var checkpoint) ? checkpoint : throw Error.Argument_NotACheckpoint(nameof(text), text);

    public static bool TryParse([NotNullWhen(true)] string? text, out Checkpoint checkpoint)
    {
        checkpoint = default;
        var colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon <= 0 || (colon > 1 && text[0] == '0')) return false;
        if (!long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return false;
        var root = text[(colon + 1)..];
        if (!Hex64.IsLowercaseHex(root, 64)) return false;
        checkpoint = new Checkpoint(size, root);
        return true;
    }

    public override string ToString() => $"{Size.ToString(CultureInfo.InvariantCulture)}:{Root}";
}
