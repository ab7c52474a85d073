using System.Collections.Concurrent;
using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;

namespace CreatorLedger.Datasets;

/// <summary>
/// One Parquet file's samples (DESIGN §10), read row group by row group so that a file of any size is read in bounded
/// memory: each row is a sample named by its row number and key, whose digest is read from the digest column or hashed
/// from the bytes column (<see cref="ParquetColumns"/>). Fail closed: a null or malformed digest, or missing bytes, is a
/// sample with its problem; a row group that cannot be read is reported for its rows; a file that is no Parquet file,
/// or is damaged or truncated, is <see cref="Broken"/>; a file without the column asked for (or with one whose values
/// cannot be digests or bytes) has a <see cref="ColumnProblem"/> listing the columns it has. None of these is licensed.
/// </summary>
/// <remarks>Row groups may be read from several threads at once: each read takes a reader of the file of its own (opened once, then reused).</remarks>
public sealed class ParquetSamples : IDisposable
{
    // Readers of the file not in use; a reader reads from its own stream, so two row groups are never read through one.
    private readonly ConcurrentBag<(FileStream Stream, ParquetReader Reader)> _readers = [];
    private readonly bool _opened;
    private readonly ParquetField? _sample;
    private readonly ParquetField? _key;
    private readonly long[] _firstRows = [0];
    private readonly string _noDigest = "", _badDigest = "";

    private ParquetSamples(string path, ParquetColumns columns) => (Path, Columns) = (path, columns);

    private ParquetSamples(string path, ParquetColumns columns, FileStream stream, ParquetReader reader, ParquetField sample, ParquetField? key)
        : this(path, columns)
    {
        _readers.Add((stream, reader));
        _opened = true;
        _sample = sample;
        _key = key;
        _firstRows = new long[reader.RowGroupCount + 1];
        for (int i = 0; i < reader.RowGroupCount; i++) _firstRows[i + 1] = _firstRows[i] + reader.RowGroups[i].RowCount;
        _noDigest = $"its '{sample.Name}' is null";
        _badDigest = $"its '{sample.Name}' is not a SHA-256 (64 hex digits, bare or sha256:-prefixed, or the 32 bytes)";
    }

    public string Path { get; }

    public ParquetColumns Columns { get; }

    /// <summary>Why the file cannot be read at all (missing, no Parquet file, damaged or truncated), or null.</summary>
    public string? Broken { get; private init; }

    /// <summary>The column asked for is not there, or cannot hold digests or bytes: nothing is read.</summary>
    public ParquetColumnProblem? ColumnProblem { get; private init; }

    /// <summary>The key column the rows are named by (as the file spells it), or null when they are named by number only.</summary>
    public string? KeyColumn => _key?.Name;

    /// <summary>The file's size, when it could be opened.</summary>
    public long Bytes { get; private init; }

    public int RowGroups => _firstRows.Length - 1;

    public long Rows => _firstRows[^1];

    /// <summary>Opens the file and finds its columns; never throws for a file that is bad (see <see cref="Broken"/>, <see cref="ColumnProblem"/>).</summary>
    public static async Task<ParquetSamples> OpenAsync(string path, ParquetColumns columns, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        FileStream? stream = null;
        ParquetReader? reader = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            var schema = reader.Schema;
            if (Resolve(path, schema, columns, out var sample, out var key) is { } problem)
            {
                long length = stream.Length;
                await reader.DisposeAsync().ConfigureAwait(false);
                await stream.DisposeAsync().ConfigureAwait(false);
                return new ParquetSamples(path, columns) { ColumnProblem = problem, Bytes = length };
            }
            return new ParquetSamples(path, columns, stream, reader, sample!, key) { Bytes = stream.Length };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A damaged file can make the reader fail in many ways (I/O, Thrift, decompression, bounds): each means
            // the file cannot be read, and it is reported as such rather than let through.
            long bytes = stream?.Length ?? 0;
            if (reader is not null) await reader.DisposeAsync().ConfigureAwait(false);
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            return new ParquetSamples(path, columns) { Bytes = bytes, Broken = e is IOException or UnauthorizedAccessException && stream is null
                ? $"the file cannot be read: {e.Message}"
                : $"it is not a Parquet file, or it is damaged or truncated: {e.Message}" };
        }
    }

    /// <summary>The file's rows of row group <paramref name="index"/>, in order; a row group that cannot be read is one sample saying so.</summary>
    /// <param name="screening">The hashes of each row's bytes that screening needs (with a bytes column; a digest column has no bytes to hash).</param>
    public async Task<IReadOnlyList<DatasetInput>> ReadRowGroupAsync(int index, CancellationToken cancellationToken = default,
        Screening.ScreeningNeeds screening = Screening.ScreeningNeeds.None)
    {
        var (sample, key, first, problem) = await ReadColumnsAsync(index, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return [DatasetInput.Unusable(SampleLocation.Whole(Path), SampleProblem.Unreadable, problem, Columns.Source)];
        using (sample)
        using (key)
        {
            var inputs = new SegmentedList<DatasetInput>();
            if (Columns.Source == DigestSource.Metadata)
            {
                for (int i = 0; i < sample!.Rows; i++)
                {
                    var location = SampleLocation.ParquetRow(Path, first + i, key?.Text(i));
                    inputs.Add(sample.TryDigest(i, out var work) ? DatasetInput.Sample(location, work, DigestSource.Metadata)
                        : DatasetInput.Unusable(location, sample.IsNull(i) ? SampleProblem.NoDigest : SampleProblem.BadDigest,
                            sample.IsNull(i) ? _noDigest : _badDigest, DigestSource.Metadata));
                }
            }
            else
            {
                Span<byte> hash = stackalloc byte[32];
                using var hasher = screening == Screening.ScreeningNeeds.None ? null : new Screening.ContentHasher(screening);
                for (int i = 0; i < sample!.Rows; i++)
                {
                    var name = key?.Text(i);
                    var location = SampleLocation.ParquetRow(Path, first + i, name);
                    if (sample.IsNull(i))
                    {
                        inputs.Add(DatasetInput.Unusable(location, SampleProblem.Unreadable, $"its '{_sample!.Name}' is null: the row has no bytes", DigestSource.Content));
                        continue;
                    }
                    if (hasher is not null)
                    {
                        // The key (a Hugging Face image's path) names the bytes: a .jpg that does not decode is a problem.
                        var (work, hashes) = hasher.Hash(sample.Binary(i), name);
                        inputs.Add(DatasetInput.Sample(location, work, DigestSource.Content, hashes));
                        continue;
                    }
                    SHA256.HashData(sample.Binary(i), hash);
                    inputs.Add(DatasetInput.Sample(location, WorkId.FromHash(hash), DigestSource.Content));
                }
            }
            return inputs;
        }
    }

    /// <summary>The sample and key columns of a row group; or why they cannot be read.</summary>
    internal async Task<(ParquetValues? Sample, ParquetValues? Key, long FirstRow, string? Problem)> ReadColumnsAsync(int index, CancellationToken cancellationToken)
    {
        if (!_opened) throw new InvalidOperationException("The file was not opened; see Broken and ColumnProblem.");
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowGroups);
        long first = _firstRows[index];
        (FileStream Stream, ParquetReader Reader)? lease = null;
        try
        {
            if (_readers.TryTake(out var free)) lease = free;
            else
            {
                var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
                try
                {
                    lease = (stream, await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    if (lease is null) await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
            var group = lease.Value.Reader.RowGroups[index];
            var sample = await _sample!.ReadAsync(group, cancellationToken).ConfigureAwait(false);
            var key = _key is null ? null : await _key.ReadAsync(group, cancellationToken).ConfigureAwait(false);
            _readers.Add(lease.Value);
            return (sample, key, first, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As when opening: whatever a damaged row group makes the reader throw means its rows cannot be read. The
            // reader is not used again.
            if (lease is { } broken) await Close(broken).ConfigureAwait(false);
            return (null, null, first, $"row group {index} (rows {first} to {_firstRows[index + 1] - 1}) cannot be read: it is damaged ({e.Message})");
        }
    }

    private static async Task Close((FileStream Stream, ParquetReader Reader) lease)
    {
        await lease.Reader.DisposeAsync().ConfigureAwait(false);
        await lease.Stream.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Readers are given their streams to leave open: closing the stream is what releases the file.
        while (_readers.TryTake(out var lease)) Close(lease).GetAwaiter().GetResult();
    }

    // The sample column must hold digests (text or binary) or bytes (binary); the key, text or integers. Without a
    // key column named, img2dataset's "key" is taken, else a Hugging Face image struct's "path" beside its "bytes".
    private static ParquetColumnProblem? Resolve(string path, ParquetSchema schema, ParquetColumns columns, out ParquetField? sample, out ParquetField? key)
    {
        key = null;
        sample = ParquetField.Find(schema, columns.Sample);
        if (sample is null) return Missing(path, schema, columns.Sample);
        bool fits = columns.Source == DigestSource.Metadata
            ? sample.Kind is ParquetField.ValueKind.Text or ParquetField.ValueKind.Binary
            : sample.Kind is ParquetField.ValueKind.Binary;
        if (!fits)
            return WrongType(path, schema, sample, columns.Source == DigestSource.Metadata
                ? "a digest column holds text (64 hex digits, bare or sha256:-prefixed) or binary (the 32 bytes)"
                : "a bytes column is binary (such as the bytes of a Hugging Face image struct, image.bytes)");
        if (columns.KeyColumn is { } named)
        {
            key = ParquetField.Find(schema, named);
            if (key is null) return Missing(path, schema, named);
            if (key.Kind is not (ParquetField.ValueKind.Text or ParquetField.ValueKind.Integer))
                return WrongType(path, schema, key, "a key column holds text or integers");
            return null;
        }
        key = ParquetField.Find(schema, ParquetColumns.DefaultKeyColumn);
        int dot = sample.Name.LastIndexOf('.');
        if (key is null && dot > 0 && sample.Name[(dot + 1)..] == "bytes") key = ParquetField.Find(schema, sample.Name[..dot] + ".path");
        if (key is not null && key.Kind is not (ParquetField.ValueKind.Text or ParquetField.ValueKind.Integer)) key = null;
        return null;
    }

    private static ParquetColumnProblem Missing(string path, ParquetSchema schema, string column)
    {
        var names = ParquetField.Names(schema);
        if (ParquetField.Container(schema, column) is ({ } description, var fields))
            return new ParquetColumnProblem(path, column, false, $"The column '{column}' of '{path}' is {description}" +
                (description == "a struct" ? $": name one of its fields ({string.Join(", ", fields)})." : $" ({string.Join(", ", fields)}), not a column of values."), names);
        return new ParquetColumnProblem(path, column, true, $"'{path}' has no column '{column}'. Its columns: {string.Join(", ", names)}.", names);
    }

    private static ParquetColumnProblem WrongType(string path, ParquetSchema schema, ParquetField field, string rule)
    {
        var names = ParquetField.Names(schema);
        return new(path, field.Name, false, $"The column '{field.Name}' of '{path}' is {field.Description}, but {rule}. Its columns: " +
            $"{string.Join(", ", names.Select(n => n == field.Name ? $"{n} ({field.Description})" : n))}.", names);
    }
}
