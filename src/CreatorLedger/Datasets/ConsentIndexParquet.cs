using Parquet;
using Parquet.Schema;

namespace CreatorLedger.Datasets;

/// <summary>
/// Writes a consent index as Apache Parquet (Parquet.Net, fully managed): one row group per batch of rows, every
/// column a UTF-8 string but <c>commercial</c> (a boolean), Snappy-compressed as most engines expect. The request and
/// the checkpoint are also kept as key-value metadata of the file (<c>creatorledger.*</c>), for tools that read only that.
/// Grant ids are one string of ids separated by spaces, as in CSV: one schema for both files, and
/// <c>string_split</c> (DuckDB) or <c>split</c> (Spark) makes a list of it where one is wanted.
/// </summary>
internal static class ConsentIndexParquet
{
    private static readonly DataField WorkField = Text(ConsentIndexColumns.Work);
    private static readonly DataField Sha256Field = Text(ConsentIndexColumns.Sha256);
    private static readonly DataField DecisionField = Text(ConsentIndexColumns.Decision);
    private static readonly DataField ReasonField = Text(ConsentIndexColumns.Reason);
    private static readonly DataField OwnerField = Text(ConsentIndexColumns.Owner, nullable: true);
    private static readonly DataField GrantIdsField = Text(ConsentIndexColumns.GrantIds, nullable: true);
    private static readonly DataField LicenseeField = Text(ConsentIndexColumns.Licensee);
    private static readonly DataField UseField = Text(ConsentIndexColumns.Use);
    private static readonly DataField CommercialField = new DataField<bool>(ConsentIndexColumns.Commercial);
    private static readonly DataField TerritoryField = Text(ConsentIndexColumns.Territory, nullable: true);
    private static readonly DataField CheckpointField = Text(ConsentIndexColumns.Checkpoint);
    private static readonly DataField EvaluatedAtField = Text(ConsentIndexColumns.EvaluatedAt);

    public static ParquetSchema Schema { get; } = new(WorkField, Sha256Field, DecisionField, ReasonField, OwnerField, GrantIdsField,
        LicenseeField, UseField, CommercialField, TerritoryField, CheckpointField, EvaluatedAtField);

    public static async Task<ConsentIndexSummary> WriteAsync(ConsentIndex index, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var summary = new ConsentIndexSummary();
        var request = index.Request;
        await using (var writer = await ParquetWriter.CreateAsync(Schema, output, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            writer.CustomMetadata = new Dictionary<string, string>
            {
                ["creatorledger.consent_index"] = "1",
                ["creatorledger.licensee"] = request.Licensee.Value,
                ["creatorledger.use"] = request.Use.Name,
                ["creatorledger.commercial"] = request.Commercial ? "true" : "false",
                ["creatorledger.territory"] = request.Territory ?? "",
                ["creatorledger.checkpoint"] = index.CheckpointText,
                ["creatorledger.evaluated_at"] = index.EvaluatedAtText,
            };
            string?[]? same = null;
            bool[]? commercial = null;
            foreach (var batch in index.Batches(ConsentIndex.DefaultBatchSize, cancellationToken))
            {
                int count = batch.Count;
                same ??= new string?[count];
                commercial ??= Enumerable.Repeat(request.Commercial, count).ToArray();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<ReadOnlyMemory<char>>(WorkField, batch.Works.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<ReadOnlyMemory<char>>(Sha256Field, batch.Sha256s.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync(DecisionField, new ArraySegment<string>(batch.Decisions, 0, count)).ConfigureAwait(false);
                await group.WriteAsync(ReasonField, new ArraySegment<string>(batch.Reasons, 0, count)).ConfigureAwait(false);
                await group.WriteAsync(OwnerField, new ArraySegment<string>(batch.Owners!, 0, count)).ConfigureAwait(false);
                await group.WriteAsync(GrantIdsField, new ArraySegment<string>(batch.GrantIds!, 0, count)).ConfigureAwait(false);
                await group.WriteAsync(LicenseeField, Same(same, count, request.Licensee.Value)).ConfigureAwait(false);
                await group.WriteAsync(UseField, Same(same, count, request.Use.Name)).ConfigureAwait(false);
                await group.WriteAsync<bool>(CommercialField, commercial.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync(TerritoryField, Same(same, count, request.Territory)).ConfigureAwait(false);
                await group.WriteAsync(CheckpointField, Same(same, count, index.CheckpointText)).ConfigureAwait(false);
                await group.WriteAsync(EvaluatedAtField, Same(same, count, index.EvaluatedAtText)).ConfigureAwait(false);
                group.CompleteValidate();
                summary.Add(batch);
                progress?.Report(summary.Rows);
            }
        }
        return summary;
    }

    private static DataField Text(string name, bool nullable = false) => new DataField<string>(name, nullable);

    private static ArraySegment<string> Same(string?[] column, int count, string? value)
    {
        Array.Fill(column, value, 0, count);
        return new ArraySegment<string>(column!, 0, count);
    }
}
