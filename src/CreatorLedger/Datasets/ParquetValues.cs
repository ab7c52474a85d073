using System.Buffers;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Datasets;

/// <summary>
/// One column's values in one row group, a slot per row: text, binary or integers, and which rows are null. The text,
/// binary and null arrays are rented (and may be longer than the rows): disposing returns them.
/// </summary>
internal sealed class ParquetValues(int rows, bool[]? nulls, ReadOnlyMemory<char>[]? text = null, ReadOnlyMemory<byte>[]? binary = null, long[]? integers = null)
    : IDisposable
{
    public int Rows => rows;

    public bool IsNull(int row) => nulls is not null && nulls[row];

    public ReadOnlySpan<byte> Binary(int row) => binary![row].Span;

    /// <summary>
    /// The row's work digest: text (sha256:-prefixed or bare hex, any case) or, in a binary column, the 32 bytes
    /// themselves or that text in ASCII. False for a null or anything else.
    /// </summary>
    public bool TryDigest(int row, out WorkId work)
    {
        work = default;
        if (IsNull(row)) return false;
        if (text is not null) return WorkId.TryParse(text[row].Span, out work);
        if (binary is null) return false;
        var bytes = binary[row].Span;
        if (bytes.Length == 32)
        {
            work = WorkId.FromHash(bytes);
            return true;
        }
        // "sha256:" and 64 hex digits at most; anything longer is no digest.
        if (bytes.Length > 71) return false;
        Span<char> chars = stackalloc char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
        return WorkId.TryParse(chars, out work);
    }

    /// <summary>The row's value as text (a key, a digest as the file has it), or null.</summary>
    public string? Text(int row)
    {
        if (IsNull(row)) return null;
        if (text is not null) return new string(text[row].Span);
        if (integers is not null) return integers[row].ToString(CultureInfo.InvariantCulture);
        var bytes = binary![row].Span;
        return bytes.Length == 32 ? Convert.ToHexStringLower(bytes) : Encoding.UTF8.GetString(bytes);
    }

    public void Dispose()
    {
        // Cleared, so that the pool keeps no page of the file alive.
        if (text is not null) ArrayPool<ReadOnlyMemory<char>>.Shared.Return(text, clearArray: true);
        if (binary is not null) ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(binary, clearArray: true);
        if (nulls is not null) ArrayPool<bool>.Shared.Return(nulls);
    }
}
