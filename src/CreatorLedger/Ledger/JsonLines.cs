namespace CreatorLedger.Ledger;

/// <summary>JSON Lines interchange: one envelope per line, exactly the stored bytes, LF-terminated.</summary>
public static class JsonLines
{
    /// <summary>The non-empty lines of a file with their 1-based line numbers (a UTF-8 BOM and CR before LF are dropped).</summary>
    public static IEnumerable<(long Line, byte[] Bytes)> Read(Stream input)
    {
        var reader = new BufferedStream(input, 1 << 16);
        var buffer = new MemoryStream();
        long line = 0;
        while (true)
        {
            int b = reader.ReadByte();
            if (b != '\n' && b != -1)
            {
                buffer.WriteByte((byte)b);
                continue;
            }
            if (b == -1 && buffer.Length == 0) yield break;
            line++;
            var bytes = buffer.ToArray();
            buffer.SetLength(0);
            if (line == 1 && bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            if (bytes.Length > 0 && bytes[^1] == '\r') bytes = bytes[..^1];
            if (bytes.Length > 0) yield return (line, bytes);
            if (b == -1) yield break;
        }
    }

    /// <summary>Writes stored envelopes byte for byte, one a line.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<StoredEnvelope> envelopes, Stream output, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        long count = 0;
        await foreach (var e in envelopes.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            output.Write(e.Bytes);
            output.WriteByte((byte)'\n');
            if (++count % 1000 == 0) progress?.Report(count);
        }
        progress?.Report(count);
        return count;
    }
}
