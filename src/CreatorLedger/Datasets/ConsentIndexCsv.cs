using System.Text;

namespace CreatorLedger.Datasets;

/// <summary>
/// Writes a consent index as RFC 4180 CSV: UTF-8 without a byte order mark, a header row of the column names, CRLF line
/// ends, a field quoted only when it holds a comma, a quote or a line break; null is an empty field (what DuckDB and
/// Spark read as NULL), <c>commercial</c> is <c>true</c> or <c>false</c>.
/// </summary>
internal static class ConsentIndexCsv
{
    public static async Task<ConsentIndexSummary> WriteAsync(ConsentIndex index, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var summary = new ConsentIndexSummary();
        var request = index.Request;
        // The same for every row: licensee, use, commercial, territory, checkpoint, evaluated_at.
        var tail = "," + string.Join(",", new[]
        {
            request.Licensee.Value, request.Use.Name, request.Commercial ? "true" : "false", request.Territory, index.CheckpointText, index.EvaluatedAtText,
        }.Select(Field)) + "\r\n";
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync(string.Join(",", ConsentIndexColumns.All) + "\r\n").ConfigureAwait(false);
        foreach (var batch in index.Batches(ConsentIndex.DefaultBatchSize, cancellationToken))
        {
            // Written to the writer's buffer row by row, handed to the stream a batch at a time.
            for (int i = 0; i < batch.Count; i++)
            {
                writer.Write(batch.Works[i].Span);
                writer.Write(',');
                writer.Write(batch.Sha256s[i].Span);
                writer.Write(',');
                writer.Write(batch.Decisions[i]);
                writer.Write(',');
                writer.Write(batch.Reasons[i]);
                writer.Write(',');
                writer.Write(Field(batch.Owners[i]));
                writer.Write(',');
                writer.Write(Field(batch.GrantIds[i]));
                writer.Write(tail);
            }
            summary.Add(batch);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            progress?.Report(summary.Rows);
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>A field as RFC 4180 writes it: quoted, with quotes doubled, only when it must be.</summary>
    internal static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
