using System.Globalization;
using DuckDB.NET.Data;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// Parquet files written the way people's tools write them: by DuckDB (native, in process), with its defaults (Snappy,
/// its own row groups and encodings) unless a test asks for a codec or a row group size. The reader under test never
/// writes its own fixtures.
/// </summary>
internal static class DuckDbParquet
{
    /// <summary>Writes the rows of <paramref name="select"/> (DuckDB SQL) to <paramref name="path"/>, with COPY options such as <c>COMPRESSION zstd</c>.</summary>
    public static string Write(string path, string select, string options = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"COPY ({select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet{(options.Length > 0 ? ", " + options : "")})";
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>
    /// An img2dataset shard's .parquet: a row per sample it tried — key, url, caption, status, error_message, width,
    /// height, original_width, original_height, exif, sha256 (bare hex of the original download) — failed downloads
    /// with their error and no sha256.
    /// </summary>
    public static string Img2Dataset(string path, IEnumerable<Img2DatasetSample> downloaded, IEnumerable<string>? failedKeys = null, string options = "",
        Func<Img2DatasetSample, string?>? sha256 = null)
    {
        var rows = downloaded.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"('{s.Key}', 'https://images.example/{s.Key}.jpg', {Text(s.Caption)}, 'success', NULL, 256, 256, 1024, 768, '{{}}', {Text(sha256 is null ? s.Sha256 : sha256(s))})"))
            .Concat((failedKeys ?? []).Select(k =>
                $"('{k}', 'https://images.example/{k}.jpg', 'a picture that failed', 'failed_to_download', 'HTTP Error 404: Not Found', NULL, NULL, NULL, NULL, NULL, NULL)"))
            .ToList();
        return Write(path, $"""
            SELECT * FROM (VALUES {string.Join(",\n", rows)})
              AS t(key, url, caption, status, error_message, width, height, original_width, original_height, exif, sha256)
            ORDER BY key
            """, options);
    }

    /// <summary>
    /// A Hugging Face image dataset's shard: <c>image</c> is the struct <c>{bytes: binary, path: string}</c> that
    /// <c>datasets</c> writes for its Image feature, with a <c>text</c> caption column; a null entry is a row without an image.
    /// </summary>
    public static string HuggingFaceImages(string path, IEnumerable<(string? Path, byte[]? Bytes, string Text)> rows, string options = "")
    {
        var values = rows.Select(r => r.Bytes is null && r.Path is null
            ? $"(NULL, {Text(r.Text)})"
            : $"({{'bytes': {(r.Bytes is null ? "NULL::BLOB" : $"from_hex('{Convert.ToHexString(r.Bytes)}')")}, 'path': {Text(r.Path)}}}, {Text(r.Text)})");
        return Write(path, $"SELECT * FROM (VALUES {string.Join(",\n", values)}) AS t(image, text)", options);
    }

    public static string Text(string? value) => value is null ? "NULL" : $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
