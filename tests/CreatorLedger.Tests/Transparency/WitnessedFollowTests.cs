using System.Threading.Channels;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Ledger;
using CreatorLedger.Transparency;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>
/// A mirror following a source under a trust policy, on real SQLite stores: it copies up to each newer witnessed
/// checkpoint and never past it, keeps the notes, and ends with CheckpointTooOld once the newest grows too old.
/// Rounds are driven by the test, one at a time, so nothing waits on a timer.
/// </summary>
public sealed class WitnessedFollowTests : IDisposable
{
    private const string Origin = "example.org/follow";
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    private sealed class Rounds
    {
        private readonly SemaphoreSlim _go = new(0);
        private readonly Channel<Checkpoint> _done = Channel.CreateUnbounded<Checkpoint>();

        public Task Next(CancellationToken token) => _go.WaitAsync(token);

        public IProgress<Checkpoint> Progress => new Reporter(_done.Writer);

        /// <summary>Lets one round run.</summary>
        public void Go() => _go.Release();

        /// <summary>Lets one round run and returns the mirror's checkpoint after it.</summary>
        public async Task<Checkpoint> RunOne()
        {
            Go();
            return await _done.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        }

        private sealed class Reporter(ChannelWriter<Checkpoint> writer) : IProgress<Checkpoint>
        {
            public void Report(Checkpoint value) => writer.TryWrite(value);
        }
    }

    [Fact]
    public async Task Follow_CopiesUpToEachWitnessedCheckpoint_NeverPastIt_ThenFailsClosedWhenItGrowsTooOld()
    {
        using var source = SqliteEventStore.Open(_directory.File("source.db"), _clock);
        using var mirror = SqliteEventStore.Open(_directory.File("mirror.db"), _clock);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 1; i < 10; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        using var operatorKey = SigningKey.Generate();
        using var witnessKey = SigningKey.Generate();
        var witness = new NoteSigner("witness.example/w1", witnessKey);
        var log = new TransparencyLog(source);

        async Task PublishWitnessed(int size, long written)
        {
            await source.AppendAsync(chain.Stream, written == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(written), chain.Events.GetRange((int)written, size - (int)written));
            var signed = await log.PublishAsync(operatorKey, written == 0 ? Origin : null);
            await log.AddCosignaturesAsync(signed, [witness.Cosign(signed.Body, (ulong)_clock.GetUtcNow().ToUnixTimeSeconds())]);
        }

        await PublishWitnessed(5, 0);
        var logKey = (await log.LatestAsync())!.LogKey;
        var trust = new TrustedCheckpoints(TrustPolicy.Parse($"log {logKey}\nwitness w1 {witness.CosignerKey}\nquorum w1\n"), TimeSpan.FromHours(1), _clock);
        var rounds = new Rounds();
        using var stop = new CancellationTokenSource();
        var following = WitnessedFollow.FollowAsync(source, mirror, trust, null, rounds.Next, _directory.File("evidence"), _clock, rounds.Progress, stop.Token);

        Assert.Equal(5, (await rounds.RunOne()).Size);
        Assert.Single(await new TransparencyLog(mirror).AllAsync());

        // Events the witnesses have not cosigned yet stay out of the mirror.
        await source.AppendAsync(chain.Stream, ExpectedRevision.Exactly(5), chain.Events.GetRange(5, 3));
        Assert.Equal(5, (await rounds.RunOne()).Size);

        await source.AppendAsync(chain.Stream, ExpectedRevision.Exactly(8), chain.Events.GetRange(8, 2));
        var signed = await log.PublishAsync(operatorKey);
        Assert.Equal(5, (await rounds.RunOne()).Size);
        await log.AddCosignaturesAsync(signed, [witness.Cosign(signed.Body, (ulong)_clock.GetUtcNow().ToUnixTimeSeconds())]);
        Assert.Equal(await source.HeadAsync(), await rounds.RunOne());
        Assert.Equal(2, (await new TransparencyLog(mirror).AllAsync()).Count);

        // No witness has cosigned anything for longer than the maximum age: following ends, closed.
        _clock.Advance(TimeSpan.FromHours(2));
        var mirrored = await mirror.HeadAsync();
        await source.AppendAsync(chain.Stream, ExpectedRevision.Exactly(10), [chain.Append(ChainBuilder.Note("late"))]);
        rounds.Go();
        var e = await Assert.ThrowsAsync<TransparencyException>(() => following.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(TransparencyProblem.CheckpointTooOld, e.Problem);
        Assert.Equal(mirrored, await mirror.HeadAsync());
    }
}
