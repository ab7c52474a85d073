namespace CreatorLedger.Transparency;

/// <summary>A <c>log &lt;vkey&gt; [&lt;url&gt;]</c> line of a trust policy: a log whose checkpoints are accepted (its key name is its origin).</summary>
public sealed record PolicyLog(NoteVerifierKey Key, string? Url);
