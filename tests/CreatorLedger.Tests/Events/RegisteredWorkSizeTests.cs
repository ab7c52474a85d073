using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Events;
using Xunit;

namespace CreatorLedger.Tests.Events;

/// <summary>
/// A registration is split into envelopes by each work's canonical size, counted rather than written: the count must
/// be the length of the bytes an envelope really carries, or an envelope could outgrow a store's limit.
/// </summary>
public sealed class RegisteredWorkSizeTests
{
    // Every kind of character RFC 8785 writes differently: quote and backslash (escaped), the short escapes, other
    // controls (\u00XX), DEL (not escaped), one- to three-byte UTF-8 at their edges, and astral characters (4 bytes).
    private static readonly string[] Pieces =
    [
        "a", "Z", " ", "/", "\"", "\\", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u0001", "\u001f", "\u007f",
        "\u0080", "é", "\u07ff", "\u0800", "€", "\ufb33", "\ue000", "\uffff", "😀", "\U0010FFFF", "𝄞", "<", "&", "'", "+",
    ];

    [Fact]
    public void CanonicalSize_IsTheLengthOfTheCanonicalBytes_ForManyWorks()
    {
        var random = new Random(8785);
        for (int i = 0; i < 5_000; i++)
        {
            var work = new RegisteredWork(Digest(i), Text(random), Text(random), Bytes(random),
                random.Next(3) == 0 ? null : Text(random), random.Next(3) == 0 ? null : Text(random));
            Assert.Equal(Written(work), work.CanonicalSize());
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(999_999_999_999_999L)]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(9_007_199_254_740_991L)]
    [InlineData(-1L)]
    [InlineData(-10L)]
    [InlineData(-9_007_199_254_740_991L)]
    public void CanonicalSize_CountsEveryDigitOfTheSize(long bytes)
    {
        var work = new RegisteredWork(Digest(1), "t", "m", bytes);
        Assert.Equal(Written(work), work.CanonicalSize());
    }

    [Fact]
    public void CanonicalSize_OfATextWithALoneSurrogate_IsNone_AndTheWorkIsSizedTheLongWay()
    {
        // Built here, not passed as theory data, which would arrive with the lone surrogates replaced. The JSON
        // serializer writes a lone surrogate as U+FFFD, so such a work is still registered, sized as it is written.
        foreach (var title in new[] { "lone high \ud83d", "\ude00 lone low", "reversed \ude00\ud83d" })
        {
            var work = new RegisteredWork(Digest(1), title, "image/png", 10);
            Assert.Null(work.CanonicalSize());
            Assert.Single(WorkRegistered.Batches([work], EnvelopeLimit.EnvelopeOverhead + 12 + Written(work) + 1));
        }
    }

    [Fact]
    public void CanonicalSize_BeyondTheExactIntegers_IsNone()
    {
        Assert.Null(new RegisteredWork(Digest(1), "t", "m", 9_007_199_254_740_992L).CanonicalSize());
        Assert.Null(new RegisteredWork(Digest(1), "t", "m", long.MinValue).CanonicalSize());
    }

    // The canonical bytes an envelope carries for the work, by the path every draft takes (UnsignedEnvelope.Prepare).
    private static int Written(RegisteredWork work) => UnsignedEnvelope.Prepare(work.ToDraft()).Canonical.Length;

    private static WorkId Digest(int i) => WorkId.FromHash(SHA256.HashData(BitConverter.GetBytes(i)));

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        for (int n = random.Next(0, 24); n > 0; n--) text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    private static long Bytes(Random random) => random.Next(4) switch
    {
        0 => random.Next(10),
        1 => random.Next(),
        2 => random.NextInt64(9_007_199_254_740_991L),
        _ => (long)Math.Pow(10, random.Next(16)),
    };
}
