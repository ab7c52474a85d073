namespace CreatorLedger.Datasets;

/// <summary>
/// One row of a consent index, as it is written: the work (<c>sha256:&lt;hex&gt;</c>) and its bare hex digest (the form
/// img2dataset writes in its <c>sha256</c> column, which engines join on), the decision and the most specific reason,
/// the owner's did (null when disputed), and the grant ids separated by single spaces (null when there is none).
/// </summary>
public readonly record struct ConsentIndexRow(string Work, string Sha256, string Decision, string Reason, string? Owner, string? GrantIds);
