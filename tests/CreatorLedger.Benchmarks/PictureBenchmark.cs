using System.Diagnostics;
using System.Globalization;
using CreatorLedger.Datasets.Screening;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// PDQ hashing (issue 14): JPEGs of 256 × 256 (gradients and noise, quality 90, the same every run) hashed on one
/// thread, against decoding the same bytes alone (the baseline, measured before and after): the ratio is the share of
/// a hash that is decoding. Then the peak memory of a child process hashing a 10,000 × 10,000 JPEG and PNG (the
/// largest size hashed is 100 megapixels), against a child only decoding them with ImageSharp.
/// </summary>
internal static class PictureBenchmark
{
    /// <summary>The child's arguments: this, "hash" or "decode", and a picture's path.</summary>
    public const string ChildArgument = "--pdq-peak-child";

    private const int Side = 256, HugeSide = 10_000;

    public static Task<BenchmarkResult[]> RunAsync(int pictures, Action<string> log)
    {
        log($"Making {pictures:N0} JPEGs of {Side} × {Side} (not timed)...");
        var jpegs = Enumerable.Range(0, pictures).AsParallel().AsOrdered().Select(Jpeg).ToArray();
        foreach (var jpeg in jpegs.Take(200)) PdqHasher.Hash(jpeg);
        double decodeBefore = Measure.Seconds(() => Decode(jpegs));
        double hashing = Measure.Seconds(() =>
        {
            foreach (var jpeg in jpegs) PdqHasher.Hash(jpeg);
        });
        double decodeAfter = Measure.Seconds(() => Decode(jpegs));
        var result = new BenchmarkResult($"PDQ hashing of {Side} × {Side} JPEGs, one core", "images/s", pictures, hashing,
            "decoding alone (Image.Load<Rgb24>), one core", Measure.MeanRate(pictures, decodeBefore, decodeAfter), null);
        double perImage = hashing / pictures * 1e6, decodePerImage = (decodeBefore + decodeAfter) / 2 / pictures * 1e6;
        result.Notes.Add($"per image {perImage:F0} µs, of which decoding {decodePerImage:F0} µs and PDQ itself {perImage - decodePerImage:F0} µs " +
            $"(decoding alone {pictures / decodeBefore:N0} then {pictures / decodeAfter:N0} images/s)");

        using var workspace = new Workspace("pdq-peak");
        log($"Making a {HugeSide:N0} × {HugeSide:N0} JPEG and PNG (not timed)...");
        var files = HugePictures(workspace);
        foreach (var file in files)
        {
            var hash = StartChild("hash", file);
            var decode = StartChild("decode", file);
            result.Notes.Add($"{HugeSide:N0} × {HugeSide:N0} {Path.GetExtension(file)[1..].ToUpperInvariant()} ({new FileInfo(file).Length / 1e6:F0} MB): " +
                $"hashing peaks at {hash.PeakMegabytes:F0} MB working set in {hash.Seconds:F1} s; ImageSharp decoding it alone from the file " +
                $"at {decode.PeakMegabytes:F0} MB in {decode.Seconds:F1} s (a child process each)");
        }
        return Task.FromResult<BenchmarkResult[]>([result]);
    }

    /// <summary>The child: hashes or decodes one picture, then prints its peak working set (bytes) and seconds.</summary>
    public static int RunChild(string mode, string path)
    {
        var watch = Stopwatch.StartNew();
        using (var file = File.OpenRead(path))
        {
            if (mode == "hash") PdqHasher.Hash(file);
            else Image.Load<Rgb24>(file).Dispose();
        }
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{self.PeakWorkingSet64} {watch.Elapsed.TotalSeconds}"));
        return 0;
    }

    private static (double PeakMegabytes, double Seconds) StartChild(string mode, string path)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", typeof(PictureBenchmark).Assembly.Location, ChildArgument, mode, path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The {mode} child failed ({process.ExitCode}): {stderr.Result}{stdout}");
        var fields = stdout.Trim().Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture) / 1e6, double.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    private static void Decode(byte[][] jpegs)
    {
        foreach (var jpeg in jpegs) Image.Load<Rgb24>(jpeg).Dispose();
    }

    // Two gradients at a picture's own angle and scale, and noise: every picture differs, and none is flat.
    private static byte[] Jpeg(int seed)
    {
        var random = new Random(seed);
        int fx = random.Next(1, 8), fy = random.Next(1, 8), offset = random.Next(256);
        using var image = new Image<Rgb24>(Side, Side);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < Side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < Side; x++)
                {
                    int noise = random.Next(24);
                    row[x] = new Rgb24((byte)(x * fx + offset), (byte)(y * fy + noise), (byte)((x + y) * (fx + fy) / 4 + noise));
                }
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    private static string[] HugePictures(Workspace workspace)
    {
        using var image = new Image<Rgb24>(HugeSide, HugeSide);
        var random = new Random(10_000);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < HugeSide; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < HugeSide; x++)
                {
                    int noise = random.Next(16);
                    row[x] = new Rgb24((byte)(x * 255L / HugeSide + noise), (byte)(y * 255L / HugeSide + noise), (byte)(((x + y) >> 5) + noise));
                }
            }
        });
        string jpeg = workspace.File("huge.jpg"), png = workspace.File("huge.png");
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });
        image.SaveAsPng(png, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
        return [jpeg, png];
    }
}
