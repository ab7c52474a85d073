namespace CreatorLedger.Transparency;

/// <summary>A <c>witness &lt;name&gt; &lt;vkey&gt; [&lt;url&gt;]</c> line of a trust policy; the name means something only inside the policy.</summary>
public sealed record PolicyWitness(string Name, NoteVerifierKey Key, string? Url);
