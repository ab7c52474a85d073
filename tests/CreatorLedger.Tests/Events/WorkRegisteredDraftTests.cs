using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Events;
using Xunit;

namespace CreatorLedger.Tests.Events;

/// <summary>
/// A registration writes its data in canonical form straight from the works. Envelopes are signed bytes, so those must
/// be exactly the bytes the general path (a JSON tree, serialized, parsed and canonicalized) gives for the same works.
/// </summary>
public sealed class WorkRegisteredDraftTests
{
    private static readonly string[] Pieces =
        ["a", "Z", " ", "\"", "\\", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "é", "\u07ff", "\u0800", "€", "\uffff", "😀", "𝄞", "<", "&"];

    [Fact]
    public void ToDraft_List_IsTheCanonicalFormOfItsTree_ByteForByte()
    {
        var random = new Random(15);
        for (int list = 0; list < 40; list++)
        {
            var works = Enumerable.Range(list * 100, 1 + random.Next(99)).Select(i => Work(i, random)).ToList();
            var tree = new JsonObject { ["works"] = new JsonArray([.. works.Select(w => (JsonNode)w.ToJson())]) };
            AssertWritten(tree, WorkRegistered.List(works).ToDraft());
        }
    }

    [Fact]
    public void ToDraft_Single_IsTheCanonicalFormOfItsTree_ByteForByte()
    {
        var random = new Random(16);
        for (int i = 0; i < 500; i++)
        {
            var work = Work(i, random);
            AssertWritten(work.ToJson(), WorkRegistered.Single(work).ToDraft());
        }
    }

    [Fact]
    public void ToDraft_WithALoneSurrogate_IsWrittenAsTheTreeWritesIt()
    {
        var works = new List<RegisteredWork> { new(Digest(1), "fine", "text/plain", 1), new(Digest(2), "lone \ud83d", "text/plain", 2) };
        var tree = new JsonObject { ["works"] = new JsonArray([.. works.Select(w => (JsonNode)w.ToJson())]) };
        AssertWritten(tree, WorkRegistered.List(works).ToDraft());
    }

    [Fact]
    public void ToDraft_Data_ReadsBackAsTheWorks()
    {
        var works = new List<RegisteredWork> { new(Digest(1), "a \"b\"", "text/plain", 1, "https://example.org/1", "ISCC:KAA"), new(Digest(2), "c", "image/png", 2) };
        var draft = WorkRegistered.List(works).ToDraft();
        Assert.True(WorkRegistered.TryRead(JsonSerializer.SerializeToElement(draft.Data), out var read, out var problem), problem);
        Assert.Equal(works, read.Works);
    }

    private static void AssertWritten(JsonObject tree, EventDraft draft)
    {
        var expected = CanonicalJson.Serialize(JsonSerializer.SerializeToElement(tree));
        var prepared = UnsignedEnvelope.Prepare(draft);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(prepared.Canonical.Span));
        Assert.Equal(expected, prepared.Canonical.ToArray());
        // And the general path, given the same data as a tree, writes the same bytes.
        Assert.Equal(expected, UnsignedEnvelope.Prepare(new EventDraft(draft.Type, tree)).Canonical.ToArray());
    }

    private static RegisteredWork Work(int i, Random random) => new(Digest(i), Text(random), Text(random),
        random.Next(2) == 0 ? random.Next(1_000) : random.NextInt64(9_007_199_254_740_991L),
        random.Next(3) == 0 ? null : Text(random), random.Next(3) == 0 ? null : Text(random));

    private static WorkId Digest(int i) => WorkId.FromHash(SHA256.HashData(BitConverter.GetBytes(i)));

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        for (int n = random.Next(0, 16); n > 0; n--) text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }
}
