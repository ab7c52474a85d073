namespace CreatorLedger.Datasets;

/// <summary>
/// A Parquet file that does not have the column asked for (<see cref="Missing"/>), or has it with values that cannot be
/// what was asked (a digest column of numbers, a list, a struct): none of its rows is read, and the message says which
/// columns it has, so the right name can be given.
/// </summary>
public sealed record ParquetColumnProblem(string Path, string Column, bool Missing, string Message, IReadOnlyList<string> Columns);
