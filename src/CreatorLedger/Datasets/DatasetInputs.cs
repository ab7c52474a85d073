namespace CreatorLedger.Datasets;

/// <summary>Where samples come from on disk: files and folders, and input files that list them (or their digests).</summary>
public static class DatasetInputs
{
    /// <summary>
    /// The file at <paramref name="path"/>, or every file in the folder (and beneath it with <paramref name="recurse"/>),
    /// in ordinal order so that every machine lists a dataset the same way; null when nothing is there.
    /// </summary>
    public static IEnumerable<string>? Files(string path, bool recurse)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) return null;
        return Directory.EnumerateFiles(path, "*", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// The samples an input file names: a CSV whose header has a Path, FullName, Digest or Work column (as Export-Csv
    /// writes it), or a text file with one path or digest a line. Relative paths are read from the file's folder, and a
    /// folder stands for every file beneath it. A path where nothing is goes to <paramref name="missing"/>; the rest go on.
    /// </summary>
    public static IEnumerable<DatasetInput> FromFile(string inputFile, Action<string> missing)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(inputFile))!;
        using var reader = new StreamReader(inputFile);
        int column = -1;
        bool first = true;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Trim().Length == 0) continue;
            if (first)
            {
                first = false;
                // A CSV header names the column to read; otherwise every line is a path or a digest.
                var header = line.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
                column = Array.FindIndex(header, h => h is "Path" or "path" or "FullName" or "Digest" or "digest" or "Work" or "work");
                if (column >= 0) continue;
            }
            var value = (column >= 0 ? Csv.Split(line).ElementAtOrDefault(column) : line)?.Trim() ?? "";
            if (value.Length == 0) continue;
            if (WorkId.TryParse(value, out var work))
            {
                yield return DatasetInput.Digest(work);
                continue;
            }
            var full = Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(folder, value));
            if (Files(full, recurse: true) is not { } files)
            {
                missing(full);
                continue;
            }
            foreach (var file in files) yield return DatasetInput.File(file);
        }
    }
}
