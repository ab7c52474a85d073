using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>tlog-policy files: valid ones (nested groups, k of n, quorum none) and their quorum answers; malformed ones naming the line.</summary>
public sealed class TrustPolicyTests
{
    private static readonly NoteVerifierKey Log = CheckpointVectors.LogKey;
    private static readonly NoteVerifierKey OtherLog = CheckpointVectors.TestLog("other-log");
    private static readonly Dictionary<string, NoteVerifierKey> W =
        new[] { "X1", "X2", "X3", "Y1", "Y2", "Y3" }.ToDictionary(n => n, n => CheckpointVectors.TestWitness(n.ToLowerInvariant()));

    // The spec's example, with keys, comments, blank lines, tabs and URLs.
    private static string SpecExample => $"""
        # The spec's example policy.
        log {Log} https://log.example.org/

        witness X1 {W["X1"]}
        witness X2 {W["X2"]}   https://x2.example.org/
        	witness X3	{W["X3"]}
        group X-witnesses 2 X1 X2 X3

          # Y, operated elsewhere.
        witness Y1 {W["Y1"]}
        witness Y2 {W["Y2"]}
        witness Y3 {W["Y3"]}
        group Y-witnesses any Y1 Y2 Y3

        group X-and-Y all X-witnesses Y-witnesses
        quorum X-and-Y

        """;

    [Fact]
    public void Parse_SpecExample_GivesLogsWitnessesGroupsAndQuorum()
    {
        var policy = TrustPolicy.Parse(SpecExample);
        var log = Assert.Single(policy.Logs);
        Assert.Equal(Log, log.Key);
        Assert.Equal("https://log.example.org/", log.Url);
        Assert.Equal(["X1", "X2", "X3", "Y1", "Y2", "Y3"], policy.Witnesses.Select(w => w.Name));
        Assert.Equal("https://x2.example.org/", policy.Witnesses[1].Url);
        Assert.Null(policy.Witnesses[0].Url);
        Assert.Equal(W["X3"], policy.Witnesses[2].Key);
        Assert.Equal([2, 1, 2], policy.Groups.Select(g => g.Threshold));
        Assert.Equal(["X-witnesses", "Y-witnesses"], policy.Groups[2].Members);
        Assert.Equal("X-and-Y", policy.Quorum);
    }

    [Theory]
    [InlineData("X1 X2 Y1", true)]
    [InlineData("X1 X3 Y3", true)]
    [InlineData("X1 X2 X3 Y1 Y2 Y3", true)]
    [InlineData("X1 Y1", false)]
    [InlineData("X1 X2 X3", false)]
    [InlineData("Y1 Y2 Y3 X2", false)]
    [InlineData("", false)]
    [InlineData("X1 X1 Y1", false)]
    [InlineData("X1 X2 y1", false)]
    [InlineData("X-witnesses Y-witnesses", false)]
    public void IsQuorumMet_NestedGroups_CountsWitnessesPerGroup(string cosigned, bool met)
    {
        var policy = TrustPolicy.Parse(SpecExample);
        var names = cosigned.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(met, policy.IsQuorumMet(names));
        Assert.Equal(met, policy.IsQuorumMet(names.Where(W.ContainsKey).Select(n => W[n])));
    }

    [Fact]
    public void IsQuorumMet_KeysNotInThePolicy_CountForNothing()
    {
        var policy = TrustPolicy.Parse(SpecExample);
        // Same name as a witness's key, another key: not that witness.
        var impostor = CheckpointVectors.TestWitness("impostor");
        Assert.False(policy.IsQuorumMet([W["X1"], W["X2"], impostor]));
        Assert.False(policy.IsQuorumMet([W["X1"], W["X2"], NoteVerifierKey.ForLog(W["Y1"].Name, W["Y1"].PublicKey)]));
    }

    [Fact]
    public void Parse_QuorumNone_NeedsNoWitness()
    {
        var policy = TrustPolicy.Parse($"log {Log}\nquorum none\n");
        Assert.Equal(TrustPolicy.None, policy.Quorum);
        Assert.Empty(policy.Witnesses);
        Assert.True(policy.IsQuorumMet(Array.Empty<string>()));
    }

    [Fact]
    public void Parse_QuorumOnly_IsAPolicyWithNoLogs()
    {
        var policy = TrustPolicy.Parse("quorum none");
        Assert.Empty(policy.Logs);
        Assert.Empty(policy.LogKeysFor("example.org/creatorledger-vectors"));
    }

    [Fact]
    public void Parse_KOfN_NeedsK()
    {
        var policy = TrustPolicy.Parse($"witness a {W["X1"]}\nwitness b {W["X2"]}\nwitness c {W["X3"]}\nwitness d {W["Y1"]}\ngroup g 3 a b c d\nquorum g\n");
        Assert.False(policy.IsQuorumMet(["a", "b"]));
        Assert.True(policy.IsQuorumMet(["a", "b", "d"]));
        Assert.True(policy.IsQuorumMet(["a", "b", "c", "d"]));
    }

    [Fact]
    public void Parse_SingleWitnessQuorum_NeedsThatWitness()
    {
        var policy = TrustPolicy.Parse($"witness only {W["X1"]}\nquorum only\n");
        Assert.True(policy.IsQuorumMet(["only"]));
        Assert.False(policy.IsQuorumMet(Array.Empty<string>()));
        Assert.Equal([W["X1"]], policy.WitnessKeys);
    }

    [Fact]
    public void LogKeysFor_Origin_GivesTheLogsNamedSo()
    {
        var policy = TrustPolicy.Parse($"log {Log}\nlog {OtherLog}\nquorum none\n");
        Assert.Equal([Log], policy.LogKeysFor("example.org/creatorledger-vectors"));
        Assert.Equal([OtherLog], policy.LogKeysFor("example.org/other-log"));
        Assert.Empty(policy.LogKeysFor("example.org/unknown"));
        Assert.Equal([Log, OtherLog], policy.LogKeys);
    }

    [Fact]
    public void Parse_Bytes_AllowsNonAsciiInCommentsAndNames()
    {
        byte[] file = [.. "# caf\u00e9 "u8, 0xff, 0xfe, .. "\nwitness K\u00e9lvin "u8, .. System.Text.Encoding.UTF8.GetBytes(W["X1"].ToString()), .. "\nquorum K\u00e9lvin\n"u8];
        var policy = TrustPolicy.Parse(file);
        Assert.True(policy.IsQuorumMet(["K\u00e9lvin"]));
        Assert.False(policy.IsQuorumMet(["Kelvin"]));
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { $"log {Log}\n", "no quorum line" },
        { "", "no quorum line" },
        { "quorum none\nquorum none\n", "line 2: a second quorum line" },
        { "# c\n\nlogs x\nquorum none\n", "line 3: unknown keyword 'logs'" },
        { "Quorum none\n", "line 1: unknown keyword 'Quorum'" },
        { "quorum\n", "line 1: expected 'quorum <name>'" },
        { "quorum a b\n", "line 1: expected 'quorum <name>'" },
        { "quorum X1\n", "line 1: the quorum 'X1' is not a witness or group defined on a preceding line" },
        { $"quorum X1\nwitness X1 {W["X1"]}\n", "line 1: the quorum 'X1'" },
        { $"log\nquorum none\n", "line 1: expected 'log <vkey> [<url>]'" },
        { $"log {Log} url extra\nquorum none\n", "line 1: expected 'log <vkey> [<url>]'" },
        { "log example.org/log+00000000+AAAA\nquorum none\n", "line 1: the log key is not a vkey" },
        { $"log {W["X1"]}\nquorum none\n", "line 1: a log key must have signature type 0x01" },
        { $"log {Log}\nlog {NoteVerifierKey.ForLog("example.org/renamed", Log.PublicKey)}\nquorum none\n", "line 2: duplicate log" },
        { $"witness X1\nquorum none\n", "line 1: expected 'witness <name> <vkey> [<url>]'" },
        { $"witness X1 {Log}\nquorum none\n", "line 1: a witness key must have signature type 0x04" },
        { $"witness X1 {W["X1"]}\nwitness X2 {NoteVerifierKey.ForWitness("example.org/renamed", W["X1"].PublicKey)}\nquorum none\n", "line 2: duplicate witness" },
        { $"witness X1 {W["X1"]}\nwitness X1 {W["X2"]}\nquorum none\n", "line 2: the name 'X1' is already defined" },
        { $"witness none {W["X1"]}\nquorum none\n", "line 1: 'none' is predefined" },
        { $"witness X1 {W["X1"]}\ngroup X1 any X1\nquorum none\n", "line 2: the name 'X1' is already defined" },
        { $"witness X1 {W["X1"]}\ngroup none any X1\nquorum none\n", "line 2: 'none' is predefined" },
        { $"witness X1 {W["X1"]}\ngroup g any\nquorum g\n", "line 2: expected 'group <name> all|any|<k> <member>...' with at least one member" },
        { $"witness X1 {W["X1"]}\ngroup g any X1 X2\nquorum g\n", "line 2: member 'X2' is not a witness or group defined on a preceding line" },
        { $"witness X1 {W["X1"]}\ngroup g any X1 none\nquorum g\n", "line 2: 'none' cannot be a group member" },
        { $"witness X1 {W["X1"]}\ngroup g any X1 X1\nquorum g\n", "line 2: member 'X1' is listed twice" },
        { $"witness X1 {W["X1"]}\nwitness X2 {W["X2"]}\ngroup g any X1 X2\ngroup h all X1\nquorum g\n", "line 4: 'X1' is already a member of another group" },
        { $"witness X1 {W["X1"]}\ngroup g 0 X1\nquorum g\n", "line 2: the threshold 0 is not between 1 and the number of members (1)" },
        { $"witness X1 {W["X1"]}\ngroup g 2 X1\nquorum g\n", "line 2: the threshold 2 is not between 1 and the number of members (1)" },
        { $"witness X1 {W["X1"]}\ngroup g -1 X1\nquorum g\n", "line 2: the threshold '-1' is not all, any or a decimal number" },
        { $"witness X1 {W["X1"]}\ngroup g ALL X1\nquorum g\n", "line 2: the threshold 'ALL' is not all, any or a decimal number" },
        { $"witness X1 {W["X1"]}\ngroup g any g\nquorum g\n", "line 2: member 'g' is not a witness or group defined on a preceding line" },
        { "quorum none\r\n", "line 1: octet 0x0d is not allowed" },
        { "# comment\u0001\nquorum none\n", "line 1: octet 0x01 is not allowed" },
        { "\n\n\nquorum\u000bnone\n", "line 4: octet 0x0b is not allowed" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedPolicy_NamesTheLineAndTheProblem(string text, string problem)
    {
        Assert.False(TrustPolicy.TryParse(text, out var policy, out var why));
        Assert.Null(policy);
        Assert.Contains(problem, why);
        Assert.Throws<FormatException>(() => TrustPolicy.Parse(text));
    }

    [Fact]
    public void TryParse_NonUtf8Name_NamesTheLine()
    {
        byte[] file = [.. "quorum none\nwitness "u8, 0xff, .. " x\n"u8];
        Assert.False(TrustPolicy.TryParse(file, out _, out var why));
        Assert.Equal("line 2: not UTF-8", why);
    }
}
