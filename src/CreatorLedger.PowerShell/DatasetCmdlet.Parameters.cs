using System.Management.Automation;
using CreatorLedger.Datasets;

namespace CreatorLedger.PowerShell;

/// <summary>The parameter sets of a dataset command: where the samples come from, and how their digests are read.</summary>
public abstract partial class DatasetCmdlet
{
    protected const string ByPath = nameof(ByPath);
    protected const string ByLiteralPath = nameof(ByLiteralPath);
    protected const string ByDigest = nameof(ByDigest);
    protected const string ByInputFile = nameof(ByInputFile);
    protected const string ByShard = nameof(ByShard);
    protected const string ByParquet = nameof(ByParquet);

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByPath, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Paths taken as they are (no wildcards): what Get-ChildItem pipes, so names with brackets work.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByLiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(ParameterSetName = ByPath)]
    [Parameter(ParameterSetName = ByLiteralPath)]
    [Parameter(ParameterSetName = ByShard)]
    [Parameter(ParameterSetName = ByParquet)]
    public SwitchParameter Recurse { get; set; }

    /// <summary>WebDataset shards (.tar, .tar.gz): paths, wildcards, or folders of shards. Each sample is a member group sharing a key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByShard)]
    [SupportsWildcards]
    public string[] Shard { get; set; } = [];

    /// <summary>Extensions of the member that is a shard's sample (default: common image, audio and video types).</summary>
    [Parameter(ParameterSetName = ByShard)]
    [ValidateNotNullOrEmpty]
    public string[]? Member { get; set; }

    /// <summary>Metadata (default for shards): the digest from the sample's .json, else the shard's .parquet. Content: hash the member.</summary>
    [Parameter(ParameterSetName = ByShard)]
    public DigestSource DigestFrom { get; set; } = DigestSource.Metadata;

    /// <summary>The metadata field or column holding the digest (sha256:-prefixed or bare hex).</summary>
    [Parameter(ParameterSetName = ByShard)]
    [ValidateNotNullOrEmpty]
    public string DigestField { get; set; } = ShardOptions.DefaultDigestField;

    /// <summary>Parquet files: paths, wildcards, or folders of .parquet files. Each row is a sample.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByParquet)]
    [SupportsWildcards]
    public string[] Parquet { get; set; } = [];

    /// <summary>The column holding each row's digest (default sha256): sha256:-prefixed or bare hex, or the 32 bytes.</summary>
    [Parameter(ParameterSetName = ByParquet)]
    [ValidateNotNullOrEmpty]
    public string? DigestColumn { get; set; }

    /// <summary>A binary column whose bytes are each row's sample, hashed here; a struct's field with a dot (image.bytes).</summary>
    [Parameter(ParameterSetName = ByParquet)]
    [ValidateNotNullOrEmpty]
    public string? BytesColumn { get; set; }

    /// <summary>The column naming each row (default: key when the file has one; for image.bytes, image.path).</summary>
    [Parameter(ParameterSetName = ByParquet)]
    [ValidateNotNullOrEmpty]
    public string? KeyColumn { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByDigest, ValueFromPipelineByPropertyName = true)]
    [Alias("Work")]
    public string[] Digest { get; set; } = [];

    /// <summary>A CSV with a Path or Digest column, or a text file with one path or digest per line.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputFile)]
    public string InputFile { get; set; } = "";
}
