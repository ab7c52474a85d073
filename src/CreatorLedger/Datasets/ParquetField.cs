using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace CreatorLedger.Datasets;

/// <summary>
/// A column of a Parquet file found by the name a user gives it: a top-level column, or a struct's field written with
/// dots (<c>image.bytes</c>), matched exactly or else, when only one matches, regardless of case. Knows what its values
/// are (text, binary, integers) and reads one row group of them with their nulls.
/// </summary>
internal sealed class ParquetField
{
    public enum ValueKind { Text, Binary, Integer, Other }

    private ParquetField(DataField field, string name)
    {
        Field = field;
        Name = name;
        Kind = field.MaxRepetitionLevel > 0 ? ValueKind.Other : field.ClrType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => ValueKind.Text,
            var t when t == typeof(ReadOnlyMemory<byte>) => ValueKind.Binary,
            var t when t == typeof(int) || t == typeof(long) => ValueKind.Integer,
            _ => ValueKind.Other,
        };
    }

    public DataField Field { get; }

    /// <summary>The column's path with dots, as the file names it.</summary>
    public string Name { get; }

    public ValueKind Kind { get; }

    /// <summary>What the column is, for people: a string column, a binary column, a column of Int32, a list, ….</summary>
    public string Description => Field.MaxRepetitionLevel > 0 ? "a list"
        : Kind switch { ValueKind.Text => "a string column", ValueKind.Binary => "a binary column", _ => $"a column of {Field.ClrType.Name}" };

    /// <summary>Every column of the file, struct fields with dots, in schema order.</summary>
    public static IReadOnlyList<string> Names(ParquetSchema schema) => [.. schema.DataFields.Select(NameOf)];

    public static ParquetField? Find(ParquetSchema schema, string name)
    {
        var fields = schema.DataFields;
        var exact = fields.FirstOrDefault(f => NameOf(f) == name);
        if (exact is not null) return new(exact, name);
        var matches = fields.Where(f => string.Equals(NameOf(f), name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches is [var only] ? new(only, NameOf(only)) : null;
    }

    /// <summary>
    /// What a name that is no column names: a struct (someone named the struct, not its field), a list or a map, with
    /// its columns; or null when nothing in the file has that name.
    /// </summary>
    public static (string Description, IReadOnlyList<string> Columns)? Container(ParquetSchema schema, string name)
    {
        // Named as users write them: a struct's fields with dots (a list's path has its inner "list" level too).
        static IEnumerable<(string Name, Field Field)> All(IEnumerable<Field> fields, string prefix) =>
            fields.SelectMany(f => f is StructField s ? All(s.Fields, prefix + f.Name + ".").Prepend((prefix + f.Name, f)) : [(prefix + f.Name, f)]);
        var all = All(schema.Fields, "").Where(f => f.Field is not DataField).ToList();
        var matches = all.Where(f => f.Name == name).ToList() is [var exact] ? [exact] : all.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches is not [var (found, field)]) return null;
        IReadOnlyList<string> columns = [.. Names(schema).Where(n => n.StartsWith(found + ".", StringComparison.Ordinal))];
        return (field switch { StructField => "a struct", ListField => "a list", MapField => "a map", _ => "no column of values" }, columns);
    }

    private static string NameOf(Field field) => string.Join('.', field.Path.ToList());

    /// <summary>
    /// This column's values in one row group, a slot per row (null rows included), in arrays rented from the shared pools:
    /// a large file's row groups then leave no garbage the size of a row group behind. Dispose the values to return them.
    /// </summary>
    public async Task<ParquetValues> ReadAsync(ParquetRowGroupReader group, CancellationToken cancellationToken)
    {
        int rows = checked((int)group.RowCount);
        int[]? levels = Field.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(rows) : null;
        Memory<int>? definitions = levels is null ? null : levels.AsMemory(0, rows);
        try
        {
            switch (Kind)
            {
                case ValueKind.Text:
                    var text = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(rows);
                    await group.ReadRawAsync(Field, text.AsMemory(0, rows), definitions, null, cancellationToken).ConfigureAwait(false);
                    return new ParquetValues(rows, Spread(text, levels), text: text);
                case ValueKind.Binary:
                    var binary = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(rows);
                    await group.ReadRawAsync(Field, binary.AsMemory(0, rows), definitions, null, cancellationToken).ConfigureAwait(false);
                    return new ParquetValues(rows, Spread(binary, levels), binary: binary);
                case ValueKind.Integer when Field.ClrType == typeof(int):
                    var ints = new int[rows];
                    await group.ReadRawAsync(Field, ints.AsMemory(), definitions, null, cancellationToken).ConfigureAwait(false);
                    var nulls = Spread(ints, levels);
                    return new ParquetValues(rows, nulls, integers: Array.ConvertAll(ints, i => (long)i));
                case ValueKind.Integer:
                    var longs = new long[rows];
                    await group.ReadRawAsync(Field, longs.AsMemory(), definitions, null, cancellationToken).ConfigureAwait(false);
                    return new ParquetValues(rows, Spread(longs, levels), integers: longs);
                default:
                    throw new InvalidOperationException($"The column '{Name}' is {Description}, which is not read.");
            }
        }
        finally
        {
            if (levels is not null) ArrayPool<int>.Shared.Return(levels);
        }

        // Values come packed (nulls left out) with a definition level per row: a row has a value only at the field's
        // deepest level (a struct's field is null when it, or the struct, is). Spread them out to a slot per row.
        bool[]? Spread<T>(T[] values, int[]? definitionLevels)
        {
            if (definitionLevels is null) return null;
            int max = Field.MaxDefinitionLevel, packed = 0;
            for (int row = 0; row < rows; row++) if (definitionLevels[row] == max) packed++;
            if (packed == rows) return null;
            var isNull = ArrayPool<bool>.Shared.Rent(rows);
            for (int row = rows - 1, next = packed - 1; row >= 0; row--)
            {
                if (definitionLevels[row] == max)
                {
                    values[row] = values[next--];
                    isNull[row] = false;
                }
                else
                {
                    values[row] = default!;
                    isNull[row] = true;
                }
            }
            return isNull;
        }
    }
}
