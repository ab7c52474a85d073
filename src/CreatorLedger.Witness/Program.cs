using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>
/// <c>CreatorLedger.Witness --config witness.json</c> runs the witness (see <see cref="WitnessConfig"/> for the file and
/// <see cref="WitnessServer"/> for the endpoints). On start it prints, on stdout, first <c>listening on http://host:port</c>
/// (the real port when the config says 0), then <c>vkey &lt;cosigner vkey&gt;</c> for trust policies.
/// <c>CreatorLedger.Witness --new-key witness.key --name witness.example/w1</c> writes a fresh seed (mode 0600, never over an
/// existing file) and prints its vkey.
/// Exit codes: 0 stopped by a signal, 2 bad command line or config, 86 the test fault hook fired.
/// Test fault hook: with <c>CREATORLEDGER_WITNESS_FAULT=exit-before-commit</c> the process exits abruptly (code 86) on the first
/// request that passes every check, after the checks and before the state write, so nothing is committed or cosigned.
/// It exists only for the crash test; any other value refuses to start.
/// </summary>
public static class Program
{
    public const string FaultVariable = "CREATORLEDGER_WITNESS_FAULT";
    public const string ExitBeforeCommit = "exit-before-commit";
    public const int FaultExitCode = 86;
    private const int UsageExitCode = 2;

    public static async Task<int> Main(string[] args)
    {
        string? config = null, newKey = null, name = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length) return Usage($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--config": config = args[++i]; break;
                case "--new-key": newKey = args[++i]; break;
                case "--name": name = args[++i]; break;
                default: return Usage($"unknown option {args[i]}");
            }
        }
        try
        {
            if (newKey is not null) return NewKey(newKey, name ?? (config is null ? null : WitnessConfig.Load(config).Name));
            if (config is null) return Usage("--config is required");
            return await RunAsync(WitnessConfig.Load(config)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"witness: {e.Message}");
            return UsageExitCode;
        }
    }

    private static int NewKey(string path, string? name)
    {
        if (name is null) return Usage("--new-key needs --name (or --config) for the witness name");
        using var key = WitnessKeyFile.Create(path);
        Console.Out.WriteLine($"vkey {new NoteSigner(name, key).CosignerKey}");
        return 0;
    }

    private static async Task<int> RunAsync(WitnessConfig config)
    {
        Action? fault = Environment.GetEnvironmentVariable(FaultVariable) switch
        {
            null or "" => null,
            ExitBeforeCommit => () => Environment.Exit(FaultExitCode),
            var other => throw new ArgumentException($"{FaultVariable}={other} is not a fault this witness knows ({ExitBeforeCommit})."),
        };
        await using var server = await WitnessServer.StartAsync(config, TimeProvider.System, fault, handleSignals: true, log: Console.Error).ConfigureAwait(false);
        Console.Out.WriteLine($"listening on {server.Address.GetLeftPart(UriPartial.Authority)}");
        Console.Out.WriteLine($"vkey {server.Witness.CosignerKey}");
        if (fault is not null) Console.Error.WriteLine($"witness: test fault hook {FaultVariable}={ExitBeforeCommit} is armed");
        await server.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"witness: {problem}");
        Console.Error.WriteLine("usage: CreatorLedger.Witness --config <witness.json>");
        Console.Error.WriteLine("       CreatorLedger.Witness --new-key <seed file> --name <witness name>");
        return UsageExitCode;
    }
}
