using System.Diagnostics;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// A PostgreSQL server of one test's own, in a temp folder, that the test may kill (SIGKILL, as a power cut would
/// stop it) and start again without disturbing the shared test server. Found under /usr/lib/postgresql; started
/// as the postgres user when the tests run as root, as the build script does.
/// </summary>
internal sealed class PrivatePostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asRoot = Environment.UserName == "root";

    public PrivatePostgres()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderDescending().FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb).");
        _dir = Path.Combine(Path.GetTempPath(), "creatorledger-pgkill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        if (_asRoot) Run("chown", "postgres:", _dir);
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            Port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }
        AsServer("initdb", "-D", DataDir, "-A", "trust", "-U", "postgres");
        Start();
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_dir, "data");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    public void Start() => AsServer("pg_ctl", "-D", DataDir, "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1", "-l", Path.Combine(_dir, "log"), "-w", "start");

    /// <summary>SIGKILL to the server and every backend: nothing gets to finish or clean up. Returns once they are all gone.</summary>
    public void Kill()
    {
        var postmaster = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First().Trim();
        var pids = Output("pgrep", "-P", postmaster).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append(postmaster).ToArray();
        Run("kill", ["-KILL", .. pids]);
        // The next start refuses while a backend still holds the shared memory: wait for every process to be reaped.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        File.Delete(Path.Combine(DataDir, "postmaster.pid"));
    }

    public void Dispose()
    {
        try { AsServer("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private void AsServer(string tool, params string[] arguments)
    {
        var exe = Path.Combine(_bin, tool);
        if (_asRoot) Run("runuser", ["-u", "postgres", "--", exe, .. arguments]);
        else Run(exe, arguments);
    }

    private static string Output(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && file is not ("pkill" or "kill"))
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
    }
}
