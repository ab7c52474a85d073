using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>Tab completion of local identity names.</summary>
public sealed class IdentityCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<KeyFile> files;
        try { files = KeyRing.Default.List(); }
        catch (IOException) { yield break; }
        foreach (var file in files)
            if (file.Name.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                yield return new CompletionResult(file.Name.Contains(' ') ? $"'{file.Name}'" : file.Name, file.Name,
                    CompletionResultType.ParameterValue, file.Identity.Value);
    }
}

/// <summary>Tab completion of the uses vocabulary (DESIGN §5).</summary>
public sealed class UseCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Use.All.Where(u => u.Name.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(u => new CompletionResult(u.Name, u.Name, CompletionResultType.ParameterValue, u.Meaning));
}
