using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;
using CreatorLedger.Witness;
using Microsoft.Extensions.Time.Testing;

namespace CreatorLedger.Tests.Transparency;

/// <summary>A log with a real tree: random 32-byte ids as leaves, roots and proofs from <see cref="MerkleProofs"/>, notes signed by a seed.</summary>
internal sealed class TestLog : IDisposable
{
    private readonly List<byte[]> _leaves;
    private readonly SigningKey _key;

    public TestLog(string origin = "example.com/creatorledger-test", byte seed = 0x11, IEnumerable<byte[]>? leaves = null)
    {
        Origin = origin;
        _key = SigningKey.FromSeed(Enumerable.Repeat(seed, 32).ToArray());
        Signer = new NoteSigner(origin, _key);
        _leaves = leaves?.ToList() ?? [];
    }

    public string Origin { get; }

    public NoteSigner Signer { get; }

    public NoteVerifierKey Key => Signer.VerifierKey;

    public long Size => _leaves.Count;

    /// <summary>Appends <paramref name="count"/> leaves, each the leaf hash of a random 32-byte id.</summary>
    public TestLog Grow(int count)
    {
        for (int i = 0; i < count; i++) _leaves.Add(MerkleProofs.LeafHash(RandomNumberGenerator.GetBytes(32)));
        return this;
    }

    /// <summary>The same log (origin and key) agreeing on the first <paramref name="keep"/> leaves only: a fork.</summary>
    public TestLog Fork(int keep, byte seed = 0x11) => new(Origin, seed, _leaves.Take(keep));

    public byte[] Root(long size) => MerkleProofs.SubtreeHash(_leaves, new TreeRange(0, size));

    public CheckpointBody Body(long size) => new(Origin, size, Root(size));

    public SignedNote Checkpoint(long size) => Signer.SignNote(Body(size).Format());

    public SignedNote Checkpoint() => Checkpoint(Size);

    public IReadOnlyList<byte[]> Proof(long from, long to) =>
        from == 0 || from == to ? [] : MerkleProofs.ConsistencyPath(from, to).Select(r => MerkleProofs.SubtreeHash(_leaves, r)).ToArray();

    public void Dispose() => _key.Dispose();
}

/// <summary>A witness's files in a temp folder: a seed file (mode 0600), a config naming the logs, the state file.</summary>
internal sealed class WitnessFiles : IDisposable
{
    public const string Name = "witness.example/w1";

    private readonly TempDirectory _directory = new();

    public WitnessFiles(string prefix, params TestLog[] logs)
    {
        Seed = RandomNumberGenerator.GetBytes(32);
        System.IO.File.WriteAllText(KeyFile, Convert.ToBase64String(Seed) + "\n");
        if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using (var key = SigningKey.FromSeed(Seed)) CosignerKey = new NoteSigner(Name, key).CosignerKey;
        var config = new
        {
            name = Name,
            keyFile = "witness.key",
            stateFile = "witness.db",
            listen = "http://127.0.0.1:0",
            prefix,
            logs = logs.Select(l => new { origin = l.Origin, vkey = l.Key.ToString() }),
        };
        System.IO.File.WriteAllText(ConfigFile, JsonSerializer.Serialize(config));
    }

    public byte[] Seed { get; }

    public NoteVerifierKey CosignerKey { get; }

    public string KeyFile => _directory.File("witness.key");

    public string ConfigFile => _directory.File("witness.json");

    public string StateFile => _directory.File("witness.db");

    public string File(string name) => _directory.File(name);

    public void Dispose() => _directory.Dispose();
}

/// <summary>A witness on Kestrel in this process, on 127.0.0.1 and a free port, with a fake clock.</summary>
internal sealed class InProcessWitness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private InProcessWitness(WitnessServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public WitnessServer Server { get; }

    public FakeTimeProvider Time { get; }

    public Uri Prefix => Server.Prefix;

    public static async Task<InProcessWitness> StartAsync(WitnessFiles files, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Now);
        return new InProcessWitness(await WitnessServer.StartAsync(WitnessConfig.Load(files.ConfigFile), time), time);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The witness as its own process (<c>dotnet CreatorLedger.Witness.dll --config …</c>), for the crash test.</summary>
internal sealed class WitnessProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _stderr = new();

    private WitnessProcess(Process process) => Process = process;

    public Process Process { get; }

    public Uri Address { get; private set; } = null!;

    public string VkeyLine { get; private set; } = "";

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WitnessDll());
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove(CreatorLedger.Witness.Program.FaultVariable);
        return info;
    }

    /// <summary>Starts it and waits for its first line, <c>listening on http://127.0.0.1:N</c>, then its vkey line.</summary>
    public static async Task<WitnessProcess> StartAsync(string config, string? fault = null)
    {
        var info = StartInfo("--config", config);
        if (fault is not null) info.Environment[CreatorLedger.Witness.Program.FaultVariable] = fault;
        var witness = new WitnessProcess(Process.Start(info)!);
        witness.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (witness._stderr) witness._stderr.AppendLine(e.Data);
        };
        witness.Process.BeginErrorReadLine();
        try
        {
            var first = await witness.Process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
            if (first is null || !first.StartsWith("listening on ", StringComparison.Ordinal))
            {
                await witness.Process.WaitForExitAsync().WaitAsync(StartTimeout);
                throw new InvalidOperationException($"The witness did not start: '{first}', exit {witness.Process.ExitCode}: {witness.Stderr}");
            }
            witness.Address = new Uri(first["listening on ".Length..]);
            witness.VkeyLine = await witness.Process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout) ?? "";
            return witness;
        }
        catch
        {
            witness.Dispose();
            throw;
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        await Process.WaitForExitAsync().WaitAsync(StartTimeout);
        return Process.ExitCode;
    }

    /// <summary>The witness built beside this test assembly's configuration (the test project references it).</summary>
    public static string WitnessDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(ArchitectureTests.FindRepoRoot(), "src", "CreatorLedger.Witness", "bin", configuration, "net10.0", "CreatorLedger.Witness.dll");
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException("The witness is not built.", path);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}
