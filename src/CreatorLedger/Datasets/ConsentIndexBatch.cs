namespace CreatorLedger.Datasets;

/// <summary>
/// Rows of a consent index as the writers take them, a column at a time. The digests are text in one buffer of the
/// batch (<c>sha256:</c> and the hex, the bare hex a slice of it), so no row makes a string of its own; decisions,
/// reasons, owners and grant ids are strings shared by many rows. A batch is filled again for the next rows: a
/// million rows must not leave a million strings for the garbage collector to promote and sweep.
/// </summary>
internal sealed class ConsentIndexBatch
{
    private const string Prefix = "sha256:";
    private const int RowChars = 71; // "sha256:" + 64 hex digits
    private readonly char[] _digests;

    public ConsentIndexBatch(int capacity)
    {
        _digests = new char[capacity * RowChars];
        Works = new ReadOnlyMemory<char>[capacity];
        Sha256s = new ReadOnlyMemory<char>[capacity];
        for (int i = 0; i < capacity; i++)
        {
            Prefix.CopyTo(_digests.AsSpan(i * RowChars));
            Works[i] = _digests.AsMemory(i * RowChars, RowChars);
            Sha256s[i] = _digests.AsMemory(i * RowChars + Prefix.Length, RowChars - Prefix.Length);
        }
        Decisions = new string[capacity];
        Reasons = new string[capacity];
        Owners = new string?[capacity];
        GrantIds = new string?[capacity];
    }

    public int Count { get; set; }

    public ReadOnlyMemory<char>[] Works { get; }
    public ReadOnlyMemory<char>[] Sha256s { get; }
    public string[] Decisions { get; }
    public string[] Reasons { get; }
    public string?[] Owners { get; }
    public string?[] GrantIds { get; }

    public void Set(int row, Hash256 work, string decision, string reason, string? owner, string? grantIds)
    {
        Span<byte> bytes = stackalloc byte[32];
        work.WriteTo(bytes);
        Convert.TryToHexStringLower(bytes, _digests.AsSpan(row * RowChars + Prefix.Length, RowChars - Prefix.Length), out _);
        Decisions[row] = decision;
        Reasons[row] = reason;
        Owners[row] = owner;
        GrantIds[row] = grantIds;
    }

    public ConsentIndexRow Row(int row) =>
        new(new string(Works[row].Span), new string(Sha256s[row].Span), Decisions[row], Reasons[row], Owners[row], GrantIds[row]);
}
