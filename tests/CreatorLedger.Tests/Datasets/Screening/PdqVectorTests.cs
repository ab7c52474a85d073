using CreatorLedger.Datasets.Screening;
using Xunit;
using Xunit.Abstractions;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>
/// Our PDQ against Meta's C++ reference on the project's vectors, asserting what their README says an implementation
/// must match: lossless pictures bit for bit, JPEG and WebP within 10 bits (their decoders differ by a grey level here
/// and there), the match and non-match pairs with our own hashes, and the dihedral hashes.
/// </summary>
public sealed class PdqVectorTests(ITestOutputHelper output)
{
    /// <summary>Upstream's tolerance for another decoder of the same lossy file (quality ≥ 80).</summary>
    private const int LossyTolerance = 10;

    public static TheoryData<string> ExactImages => [.. PdqVectors.Images.Where(PdqVectors.IsExact)];

    public static TheoryData<string> LossyImages =>
        [.. PdqVectors.Images.Where(n => !PdqVectors.IsExact(n) && PdqVectors.ReferenceQuality(n) >= PdqMatch.MinQuality)];

    [Theory]
    [MemberData(nameof(ExactImages))]
    public void Hash_LosslessPicture_IsTheReferenceHashBitForBit(string name)
    {
        var ours = PdqVectors.Hash(name);

        Assert.Equal(PdqVectors.ReferenceHash(name).ToString(), ours.Hash.ToString());
        Assert.Equal(PdqVectors.ReferenceQuality(name), ours.Quality);
    }

    [Theory]
    [MemberData(nameof(LossyImages))]
    public void Hash_JpegOrWebP_IsWithinTenBitsOfTheReference(string name)
    {
        var ours = PdqVectors.Hash(name);
        int distance = ours.Hash.DistanceTo(PdqVectors.ReferenceHash(name));

        output.WriteLine($"{name}: {distance} bits from the reference, quality {ours.Quality} (reference {PdqVectors.ReferenceQuality(name)})");
        Assert.InRange(distance, 0, LossyTolerance);
        Assert.InRange(ours.Quality, PdqVectors.ReferenceQuality(name) - 1, PdqVectors.ReferenceQuality(name) + 1);
    }

    [Fact]
    public void Hash_LowQualityPicture_IsNotTrusted()
    {
        var ours = PdqVectors.Hash("s-lowquality.png");

        Assert.True(ours.Quality < PdqMatch.MinQuality, $"quality {ours.Quality}");
        Assert.False(ours.IsTrusted);
    }

    [Fact]
    public void Matches_EveryListedPair_IsAtMost31BitsApart()
    {
        var far = PdqVectors.Pairs("matches")
            .Select(p => (p.A, p.B, Distance: PdqVectors.Hash(p.A).Hash.DistanceTo(PdqVectors.Hash(p.B).Hash)))
            .ToList();
        foreach (var (a, b, d) in far) output.WriteLine($"{a} ~ {b}: {d}");

        Assert.All(far, p => Assert.True(p.Distance <= PdqMatch.MaxDistance, $"{p.A} ~ {p.B}: {p.Distance} bits"));
        Assert.All(far, p => Assert.True(PdqMatch.IsMatch(PdqVectors.Hash(p.A).Hash, PdqVectors.Hash(p.B).Hash)));
    }

    [Fact]
    public void Unrelated_EveryListedPair_IsMoreThan31BitsApart()
    {
        var near = PdqVectors.Pairs("unrelated")
            .Select(p => (p.A, p.B, Distance: PdqVectors.Hash(p.A).Hash.DistanceTo(PdqVectors.Hash(p.B).Hash)))
            .ToList();

        Assert.All(near, p => Assert.True(p.Distance > PdqMatch.MaxDistance, $"{p.A} ~ {p.B}: {p.Distance} bits"));
        output.WriteLine($"closest unrelated pair: {near.Min(p => p.Distance)} bits");
    }

    [Fact]
    public void DihedralMatches_TurnedOrMirroredPicture_MatchesTheListedDihedralOfItsBase()
    {
        foreach (var (a, b, pair) in PdqVectors.Pairs("dihedralMatches"))
        {
            var turned = PdqVectors.Hash(b).Hash;
            var listed = PdqVectors.DihedralNamed(pair.GetProperty("dihedral").GetString()!);
            int plain = PdqVectors.Hash(a).Hash.DistanceTo(turned);
            int viaDihedral = PdqVectors.Dihedral(a)[listed].DistanceTo(turned);
            output.WriteLine($"{a} ~ {b}: plain {plain}, {listed} {viaDihedral}, nearest {PdqVectors.Dihedral(a).Nearest(turned)}");

            Assert.True(plain > PdqMatch.MaxDistance, $"{a} ~ {b}: a plain match at {plain} bits");
            Assert.True(viaDihedral <= PdqMatch.MaxDistance, $"{a} ~ {b}: {viaDihedral} bits from {listed}");
            Assert.Equal(listed, PdqVectors.Dihedral(a).Nearest(turned).Dihedral);
        }
    }

    [Theory]
    [InlineData("a-base.jpg")]
    [InlineData("b-base.png")]
    [InlineData("c-base.jpg")]
    public void HashDihedral_Base_GivesTheReferenceDihedralHashes(string name)
    {
        var ours = PdqVectors.Dihedral(name);
        int tolerance = PdqVectors.IsExact(name) ? 0 : LossyTolerance;

        foreach (var listed in PdqVectors.Image(name).GetProperty("dihedral").EnumerateObject())
        {
            var reference = PdqHash.Parse(listed.Value.GetString()!);
            int distance = ours[PdqVectors.DihedralNamed(listed.Name)].DistanceTo(reference);
            Assert.True(distance <= tolerance, $"{name} {listed.Name}: {distance} bits from the reference");
        }
        Assert.Equal(PdqVectors.Hash(name).Hash, ours.Original);
        Assert.Equal(PdqVectors.Hash(name).Quality, ours.Quality);
    }

    [Fact]
    public void UnmatchedVariant_TwoPercentCropOfText_IsNotAssertedButReported()
    {
        // The reference itself puts b-crop2 36 bits from its base: not a match, and nothing to assert either way.
        int distance = PdqVectors.Hash("b-base.png").Hash.DistanceTo(PdqVectors.Hash("b-crop2.png").Hash);
        output.WriteLine($"b-base ~ b-crop2: {distance} bits (reference 36)");
    }

    [Fact]
    public void Hash_ExifRotatedJpeg_HashesThePixelsAsStored()
    {
        var ours = PdqVectors.Hash("s-exif-orient6.jpg").Hash;
        var honoured = PdqHash.Parse(PdqVectors.Image("s-exif-orient6.jpg").GetProperty("pdqIfExifHonoured").GetString()!);

        Assert.InRange(ours.DistanceTo(PdqVectors.ReferenceHash("s-exif-orient6.jpg")), 0, LossyTolerance);
        Assert.True(ours.DistanceTo(honoured) > PdqMatch.MaxDistance);
    }

    [Fact]
    public void Hash_TransparentPicture_HashesTheColourUnderTheAlphaNotAComposite()
    {
        var image = PdqVectors.Image("s-alpha-320x240.png");
        var ours = PdqVectors.Hash("s-alpha-320x240.png").Hash;

        Assert.Equal(PdqVectors.ReferenceHash("s-alpha-320x240.png"), ours);
        Assert.NotEqual(PdqHash.Parse(image.GetProperty("pdqCompositedOnWhite").GetString()!), ours);
        Assert.NotEqual(PdqHash.Parse(image.GetProperty("pdqCompositedOnBlack").GetString()!), ours);
    }

    [Fact]
    public void Hash_EveryVector_ReportsItsDistanceFromTheReference()
    {
        // Not an assertion of its own: the table the report quotes (which vectors are exact, how far the lossy ones are).
        foreach (var name in PdqVectors.Images)
        {
            var ours = PdqVectors.Hash(name);
            output.WriteLine($"{name,-22} exact={PdqVectors.IsExact(name),-5} bits={ours.Hash.DistanceTo(PdqVectors.ReferenceHash(name)),3} " +
                $"quality={ours.Quality} (ref {PdqVectors.ReferenceQuality(name)})");
        }
    }
}
