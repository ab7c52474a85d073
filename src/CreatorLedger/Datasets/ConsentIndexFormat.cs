namespace CreatorLedger.Datasets;

/// <summary>How a consent index is written: Apache Parquet (what DuckDB and Spark read best) or RFC 4180 CSV.</summary>
public enum ConsentIndexFormat
{
    Parquet,
    Csv,
}
