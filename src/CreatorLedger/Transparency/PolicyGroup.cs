namespace CreatorLedger.Transparency;

/// <summary>A <c>group &lt;name&gt; all|any|&lt;k&gt; &lt;member&gt;...</c> line: witnessed when at least <see cref="Threshold"/> of its members are.</summary>
public sealed record PolicyGroup(string Name, int Threshold, IReadOnlyList<string> Members);
