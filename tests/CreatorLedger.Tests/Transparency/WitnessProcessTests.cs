using CreatorLedger.Identity;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>The witness as a process: its start-up lines, its key file rules, and that a crash never makes it cosign two forks.</summary>
public sealed class WitnessProcessTests : IDisposable
{
    private readonly TestLog _log = new();
    private readonly WitnessFiles _files;
    private readonly HttpClient _http = new();

    public WitnessProcessTests() => _files = new WitnessFiles("", _log);

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Crash_ExitBeforeCommitOnA_AfterRestartCosignsForkBAndRefusesA()
    {
        _log.Grow(10);
        using var forkB = _log.Fork(keep: 6).Grow(4);
        var client = new WitnessClient(_http);

        using (var faulty = await WitnessProcess.StartAsync(_files.ConfigFile, fault: "exit-before-commit"))
        {
            var a = await client.AddCheckpointAsync(faulty.Address, 0, [], _log.Checkpoint());
            Assert.Equal(WitnessRefusal.Unreachable, Assert.IsType<WitnessRefused>(a).Reason); // no cosignature left the process
            Assert.Equal(CreatorLedger.Witness.Program.FaultExitCode, await faulty.WaitForExitAsync());
        }

        using var witness = await WitnessProcess.StartAsync(_files.ConfigFile);
        Assert.True((await client.LatestAsync(witness.Address, _log.Origin)).NeverCosigned);

        var b = Assert.IsType<WitnessCosigned>(await client.AddCheckpointAsync(witness.Address, 0, [], forkB.Checkpoint()));
        Assert.True(b.CosignedNote.Verify([_files.CosignerKey]).IsVerifiedBy(_files.CosignerKey));

        // A, of the same size, is now a fork of what the witness cosigned: from 0 it conflicts, from 10 its root differs.
        Assert.Equal(10, Assert.IsType<WitnessConflict>(await client.AddCheckpointAsync(witness.Address, 0, [], _log.Checkpoint())).LatestSize);
        Assert.Equal(WitnessRefusal.Inconsistent,
            Assert.IsType<WitnessRefused>(await client.AddCheckpointAsync(witness.Address, 10, [], _log.Checkpoint())).Reason);
        _log.Grow(2);
        Assert.Equal(WitnessRefusal.Inconsistent,
            Assert.IsType<WitnessRefused>(await client.AddCheckpointAsync(witness.Address, 10, _log.Proof(10, 12), _log.Checkpoint())).Reason);
        Assert.Equal(forkB.Checkpoint().Text, (await client.LatestAsync(witness.Address, _log.Origin)).Note!.Text);
    }

    [Fact]
    public async Task Start_PrintsListeningLineThenItsVkey_AndNeverTheSeed()
    {
        using var witness = await WitnessProcess.StartAsync(_files.ConfigFile);
        Assert.Equal("127.0.0.1", witness.Address.Host);
        Assert.NotEqual(0, witness.Address.Port);
        Assert.Equal($"vkey {_files.CosignerKey}", witness.VkeyLine);
        _log.Grow(1);
        Assert.IsType<WitnessCosigned>(await new WitnessClient(_http).AddCheckpointAsync(witness.Address, 0, [], _log.Checkpoint()));
        Assert.DoesNotContain(Convert.ToBase64String(_files.Seed), witness.Stderr);
    }

    [Fact]
    public async Task Start_KeyFileReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(_files.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => WitnessProcess.StartAsync(_files.ConfigFile));
        Assert.Contains("chmod 600", exception.Message);
        Assert.Contains("exit 2", exception.Message);
        Assert.DoesNotContain(Convert.ToBase64String(_files.Seed), exception.Message);
    }

    [Fact]
    public async Task NewKey_WritesAnOwnerOnlySeedAndPrintsItsVkey()
    {
        var path = _files.File("new.key");
        using var process = System.Diagnostics.Process.Start(WitnessProcess.StartInfo("--new-key", path, "--name", "witness.example/fresh"))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var key = SigningKey.FromSeed(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        Assert.Equal($"vkey {new NoteSigner("witness.example/fresh", key).CosignerKey}\n", output);

        using var again = System.Diagnostics.Process.Start(WitnessProcess.StartInfo("--new-key", path, "--name", "witness.example/fresh"))!;
        await again.StandardOutput.ReadToEndAsync();
        await again.WaitForExitAsync();
        Assert.Equal(2, again.ExitCode); // never over an existing key
    }
}
