using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// A C2SP tlog-policy file: the logs whose checkpoints are accepted, the witnesses, groups of them, and the one quorum
/// rule saying which sets of cosigning witnesses suffice. Parse errors name the line and what is wrong with it.
/// </summary>
public sealed class TrustPolicy
{
    /// <summary>The predefined quorum name that requires no cosignature.</summary>
    public const string None = "none";

    private readonly PolicyLog[] _logs;
    private readonly PolicyWitness[] _witnesses;
    private readonly PolicyGroup[] _groups;
    private readonly Dictionary<string, PolicyWitness> _witnessByName;
    private readonly Dictionary<string, PolicyGroup> _groupByName;

    private TrustPolicy(List<PolicyLog> logs, List<PolicyWitness> witnesses, List<PolicyGroup> groups, string quorum)
    {
        _logs = [.. logs];
        _witnesses = [.. witnesses];
        _groups = [.. groups];
        _witnessByName = witnesses.ToDictionary(w => w.Name, StringComparer.Ordinal);
        _groupByName = groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        Quorum = quorum;
    }

    public IReadOnlyList<PolicyLog> Logs => _logs;

    public IReadOnlyList<PolicyWitness> Witnesses => _witnesses;

    public IReadOnlyList<PolicyGroup> Groups => _groups;

    /// <summary>The witness or group that must witness a checkpoint, or <see cref="None"/>.</summary>
    public string Quorum { get; }

    /// <summary>Every trusted log key.</summary>
    public IReadOnlyList<NoteVerifierKey> LogKeys => _logs.Select(l => l.Key).ToArray();

    /// <summary>Every witness key.</summary>
    public IReadOnlyList<NoteVerifierKey> WitnessKeys => _witnesses.Select(w => w.Key).ToArray();

    /// <summary>The trusted keys of the log with this origin: a log's key name is its origin line.</summary>
    public IReadOnlyList<NoteVerifierKey> LogKeysFor(string origin) =>
        _logs.Where(l => string.Equals(l.Key.Name, origin, StringComparison.Ordinal)).Select(l => l.Key).ToArray();

    /// <summary>Whether the witnesses with these policy names (those whose cosignatures verified) meet the quorum.</summary>
    public bool IsQuorumMet(IEnumerable<string> witnessNames)
    {
        ArgumentNullException.ThrowIfNull(witnessNames);
        if (Quorum == None) return true;
        var cosigned = new HashSet<string>(witnessNames.Where(_witnessByName.ContainsKey), StringComparer.Ordinal);
        return Witnessed(Quorum, cosigned);
    }

    /// <summary>Whether the witnesses with these keys (keys whose cosignatures verified) meet the quorum.</summary>
    public bool IsQuorumMet(IEnumerable<NoteVerifierKey> verifiedWitnessKeys)
    {
        ArgumentNullException.ThrowIfNull(verifiedWitnessKeys);
        var keys = verifiedWitnessKeys.ToArray();
        return IsQuorumMet(_witnesses.Where(w => keys.Contains(w.Key)).Select(w => w.Name));
    }

    // Groups only name what was defined before them, so this recursion ends.
    private bool Witnessed(string name, HashSet<string> cosigned) =>
        _groupByName.TryGetValue(name, out var group)
            ? group.Members.Count(m => Witnessed(m, cosigned)) >= group.Threshold
            : cosigned.Contains(name);

    public static TrustPolicy Parse(string text) =>
        TryParse(text, out var policy, out var problem) ? policy : throw new FormatException($"Not a trust policy: {problem}.");

    public static TrustPolicy Parse(ReadOnlySpan<byte> file) =>
        TryParse(file, out var policy, out var problem) ? policy : throw new FormatException($"Not a trust policy: {problem}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TrustPolicy? policy, [NotNullWhen(false)] out string? problem)
    {
        policy = null;
        if (text is null)
        {
            problem = "no text";
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = NoteRules.Utf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            problem = "not valid Unicode";
            return false;
        }
        return TryParse(bytes, out policy, out problem);
    }

    /// <summary>
    /// Parses the file's octets. The spec makes high-bit octets opaque; here names, keys and URLs must also be UTF-8 (notes
    /// name keys in UTF-8), while comments may hold any high-bit octets.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> file, [NotNullWhen(true)] out TrustPolicy? policy, [NotNullWhen(false)] out string? problem)
    {
        policy = null;
        var parser = new Parser();
        var number = 0;
        while (!file.IsEmpty)
        {
            number++;
            var end = file.IndexOf((byte)'\n');
            var line = end < 0 ? file : file[..end];
            file = end < 0 ? [] : file[(end + 1)..];
            if (parser.Line(line) is { } lineProblem)
            {
                problem = $"line {number.ToString(CultureInfo.InvariantCulture)}: {lineProblem}";
                return false;
            }
        }
        if (parser.Quorum is null)
        {
            problem = "no quorum line (a policy has exactly one; 'quorum none' requires no cosignature)";
            return false;
        }
        policy = new TrustPolicy(parser.Logs, parser.Witnesses, parser.Groups, parser.Quorum);
        problem = null;
        return true;
    }

    /// <summary>The line-by-line state: what has been defined so far, since a line may only name what came before it.</summary>
    private sealed class Parser
    {
        public readonly List<PolicyLog> Logs = [];
        public readonly List<PolicyWitness> Witnesses = [];
        public readonly List<PolicyGroup> Groups = [];
        public string? Quorum;
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly HashSet<string> _members = new(StringComparer.Ordinal);

        public string? Line(ReadOnlySpan<byte> line)
        {
            foreach (var b in line)
                if (b is not (0x09 or (>= 0x20 and <= 0x7e) or >= 0x80)) return $"octet 0x{b:x2} is not allowed (only tab, newline, printable ASCII and non-ASCII)";
            var trimmed = line.Trim("\t "u8);
            if (trimmed.IsEmpty || trimmed[0] == (byte)'#') return null;
            string text;
            try
            {
                text = NoteRules.Utf8.GetString(trimmed);
            }
            catch (DecoderFallbackException)
            {
                return "not UTF-8";
            }
            var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return fields[0] switch
            {
                "log" => LogLine(fields),
                "witness" => WitnessLine(fields),
                "group" => GroupLine(fields),
                "quorum" => QuorumLine(fields),
                _ => $"unknown keyword '{fields[0]}' (expected log, witness, group or quorum)",
            };
        }

        private string? LogLine(string[] fields)
        {
            if (fields.Length is < 2 or > 3) return "expected 'log <vkey> [<url>]'";
            if (!NoteVerifierKey.TryParse(fields[1], out var key, out var keyProblem)) return $"the log key is not a vkey: {keyProblem}";
            if (key.SignatureType != NoteVerifierKey.Ed25519Type) return "a log key must have signature type 0x01 (Ed25519)";
            if (Logs.Any(l => l.Key.PublicKey.SequenceEqual(key.PublicKey))) return "duplicate log: another log line has the same public key";
            Logs.Add(new PolicyLog(key, fields.Length == 3 ? fields[2] : null));
            return null;
        }

        private string? WitnessLine(string[] fields)
        {
            if (fields.Length is < 3 or > 4) return "expected 'witness <name> <vkey> [<url>]'";
            if (NewNameProblem(fields[1]) is { } nameProblem) return nameProblem;
            if (!NoteVerifierKey.TryParse(fields[2], out var key, out var keyProblem)) return $"the witness key is not a vkey: {keyProblem}";
            if (key.SignatureType != NoteVerifierKey.CosignatureV1Type) return "a witness key must have signature type 0x04 (cosignature/v1)";
            if (Witnesses.Any(w => w.Key.PublicKey.SequenceEqual(key.PublicKey))) return "duplicate witness: another witness line has the same public key";
            Witnesses.Add(new PolicyWitness(fields[1], key, fields.Length == 4 ? fields[3] : null));
            _names.Add(fields[1]);
            return null;
        }

        private string? GroupLine(string[] fields)
        {
            if (fields.Length < 4) return "expected 'group <name> all|any|<k> <member>...' with at least one member";
            var name = fields[1];
            if (NewNameProblem(name) is { } nameProblem) return nameProblem;
            var members = fields[3..];
            foreach (var member in members)
            {
                if (member == None) return "'none' cannot be a group member";
                if (!_names.Contains(member)) return $"member '{member}' is not a witness or group defined on a preceding line";
            }
            var repeated = members.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null) return $"member '{repeated.Key}' is listed twice";
            // Each name may be a member once in the whole policy, so no witness counts twice toward the quorum.
            var used = members.FirstOrDefault(_members.Contains);
            if (used is not null) return $"'{used}' is already a member of another group (a name may be listed as a member once)";
            int threshold;
            switch (fields[2])
            {
                case "all":
                    threshold = members.Length;
                    break;
                case "any":
                    threshold = 1;
                    break;
                default:
                    if (!fields[2].All(char.IsAsciiDigit) || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out threshold))
                        return $"the threshold '{fields[2]}' is not all, any or a decimal number";
                    if (threshold < 1 || threshold > members.Length)
                        return $"the threshold {threshold} is not between 1 and the number of members ({members.Length})";
                    break;
            }
            Groups.Add(new PolicyGroup(name, threshold, members));
            _names.Add(name);
            foreach (var member in members) _members.Add(member);
            return null;
        }

        private string? QuorumLine(string[] fields)
        {
            if (fields.Length != 2) return "expected 'quorum <name>' or 'quorum none'";
            if (Quorum is not null) return "a second quorum line (a policy has exactly one)";
            if (fields[1] != None && !_names.Contains(fields[1])) return $"the quorum '{fields[1]}' is not a witness or group defined on a preceding line";
            Quorum = fields[1];
            return null;
        }

        private string? NewNameProblem(string name)
        {
            if (name == None) return "'none' is predefined and cannot be defined";
            if (_names.Contains(name)) return $"the name '{name}' is already defined (witnesses and groups share one namespace)";
            return null;
        }
    }
}
