using System.Text;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>
/// Writes a signed manifest of any size with bounded memory: entries are added as they are decided and spooled, a
/// canonical line each, to a temporary file per list while each list's digest is taken; then the signed header and
/// both lists are written out. The header (run, request, checkpoint, inputs, … and the lists' counts and digests) is
/// what the key signs.
/// </summary>
public sealed class ManifestWriter : IDisposable
{
    private readonly Spool _included, _excluded;

    /// <param name="spoolFolder">Where entries wait until the manifest is written (deleted after); null keeps them in memory.</param>
    public ManifestWriter(string? spoolFolder = null)
    {
        _included = new Spool(spoolFolder);
        _excluded = new Spool(spoolFolder);
    }

    public long Included => _included.List.Count;

    public long Excluded => _excluded.List.Count;

    public void Add(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        (entry.IsIncluded ? _included : _excluded).Add(ManifestEntryJson.Canonical(entry));
    }

    /// <summary>Writes <paramref name="manifest"/>'s header (its entries, if any, are ignored: this writer's are the manifest's), signed by <paramref name="key"/>, then the entries.</summary>
    public void WriteTo(Stream output, TrainingManifest manifest, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(key);
        var header = manifest.Header(key.Id, _included.List, _excluded.List);
        header["sig"] = manifest.SignHeader(header, key);
        // The header indented, then the lists inside the same object, one canonical entry a line.
        var text = header.ToJsonString(TrainingManifest.FileOptions);
        output.Write(Encoding.UTF8.GetBytes(text.AsSpan(0, text.LastIndexOf('}')).TrimEnd().ToString()));
        _included.CopyTo(output, ",\n  \"included\": ["u8);
        _excluded.CopyTo(output, ",\n  \"excluded\": ["u8);
        output.Write("\n}\n"u8);
    }

    public void Dispose()
    {
        _included.Dispose();
        _excluded.Dispose();
    }

    private sealed class Spool(string? folder) : IDisposable
    {
        private readonly Stream _lines = folder is null
            ? new MemoryStream()
            : new FileStream(Path.Combine(folder, $"creatorledger-manifest-{Guid.NewGuid():N}.spool"), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

        public EntryList List { get; } = new();

        public void Add(byte[] canonical)
        {
            List.Add(canonical);
            _lines.Write(canonical);
            _lines.WriteByte((byte)'\n');
        }

        public void CopyTo(Stream output, ReadOnlySpan<byte> opening)
        {
            output.Write(opening);
            _lines.Position = 0;
            using var reader = new StreamReader(_lines, Encoding.UTF8, false, 1 << 16, leaveOpen: true);
            bool first = true;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                output.Write(first ? "\n    "u8 : ",\n    "u8);
                output.Write(Encoding.UTF8.GetBytes(line));
                first = false;
            }
            output.Write(first ? "]"u8 : "\n  ]"u8);
        }

        public void Dispose()
        {
            _lines.Dispose();
            List.Dispose();
        }
    }
}
