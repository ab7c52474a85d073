using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Base;

/// <summary>
/// A use of a work (DESIGN §5). Uses form a tree: a grant of a use covers every use below it,
/// so a request for <c>ai-train.genai</c> is covered by a grant of <c>ai-train</c> or of <c>tdm</c>.
/// </summary>
public sealed class Use
{
    private Use(string name, Use? parent, string meaning)
    {
        Name = name;
        Parent = parent;
        Meaning = meaning;
    }

    public string Name { get; }
    public Use? Parent { get; }
    public string Meaning { get; }

    public static Use Tdm { get; } = new("tdm", null, "any automated analysis");
    public static Use AiTrain { get; } = new("ai-train", Tdm, "training any model, including fine-tuning");
    public static Use AiTrainGenerative { get; } = new("ai-train.genai", AiTrain, "training generative models");
    public static Use AiTrainNonGenerative { get; } = new("ai-train.nongen", AiTrain, "training classifiers and detectors");
    public static Use AiInput { get; } = new("ai-input", Tdm, "inference input, RAG, grounding");
    public static Use AiIndex { get; } = new("ai-index", Tdm, "AI retrieval index, embeddings");
    public static Use Search { get; } = new("search", Tdm, "search with a link back");

    public static IReadOnlyList<Use> All { get; } = [Tdm, AiTrain, AiTrainGenerative, AiTrainNonGenerative, AiInput, AiIndex, Search];

    /// <summary>True when a grant of this use covers a request for <paramref name="requested"/>.</summary>
    public bool Covers(Use requested)
    {
        for (var use = requested; use is not null; use = use.Parent)
            if (ReferenceEquals(use, this)) return true;
        return false;
    }

    public static Use Parse(string name) =>
        TryParse(name, out var use) ? use : throw Error.Argument_UnknownUse(nameof(name), name);

    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out Use? use)
    {
        use = All.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        return use is not null;
    }

    public override string ToString() => Name;
}
