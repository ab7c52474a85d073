using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// The projection saved beside a SQLite store: the next load replays only what was appended since, and a saved file
/// that is damaged, truncated or another ledger's is never trusted (the projection is rebuilt instead).
/// </summary>
public sealed class LicenseProjectionFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly WorkId _work = Work("w");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Load_AfterMoreEventsWereAppended_ReplaysOnlyThose()
    {
        var (s, store, saved) = await LedgerWithSavedProjection();
        using var _ = store;
        // Enough events to be worth saving again (SaveAfter), written by the store's own rules.
        for (int i = 0; i < 1_200; i++) s.Register(s.Bob, Work($"more {i}"), Day(5));
        var grant = s.Grant(s.Bob, Day(6), null, s.Dana);
        await Import(store, s, from: 8);

        var caughtUp = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(1_201, caughtUp.EventsReplayed);
        Assert.Equal(await store.HeadAsync(), caughtUp.Checkpoint);
        Assert.Equal(ConsentReason.Licensed, ConsentView.AsOf(caughtUp, Day(7)).Decide(new ConsentRequest(Work("more 7"), s.Dana.Id, Use.AiTrain)).Reason);
        Assert.Equal([grant.Id], caughtUp.Head.GrantsFor(s.Bob.Id).Select(g => g.Id));

        // It was saved again: the next load replays nothing.
        var again = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(0, again.EventsReplayed);
        Assert.Equal(caughtUp.Position, again.Position);
    }

    [Fact]
    public async Task Load_AfterOneListOfAThousandWorks_SavesAgain_SoTheNextLoadReplaysNothing()
    {
        var (s, store, saved) = await LedgerWithSavedProjection();
        using var _ = store;
        // One event, but as costly to replay as a thousand single registrations: a catalogue registered in lists must
        // not be replayed by every command.
        s.Add(s.Bob, WorkRegistered.List([.. Enumerable.Range(0, WorkRegistered.MaxWorks)
            .Select(i => new RegisteredWork(Work($"listed {i}"), $"listed {i}", "text/plain", 1))]).ToDraft(), Day(5));
        await Import(store, s, from: 8);

        var caughtUp = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(1, caughtUp.EventsReplayed);
        var again = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(0, again.EventsReplayed);
        Assert.Equal(ConsentReason.NoGrant, ConsentView.AsOf(again, Day(7)).Decide(new ConsentRequest(Work("listed 999"), s.Dana.Id, Use.AiTrain)).Reason);
    }

    [Fact]
    public void SavedAndRead_GivesBackEveryGrantsTermsExactly_WhateverTheyHold()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, _work, Day(2));
        var terms = new[]
        {
            new LicenseTerms(null, false),
            new LicenseTerms(new Fee(12.50m, "EUR", "work"), true, "https://example.org/terms", new string('a', 64)),
            new LicenseTerms(new Fee(0.001m, "USD", "sample"), false),
            // Written with escapes when saved (non-ASCII, a quote): read back in full rather than by the span reader.
            new LicenseTerms(null, true, "https://exämple.org/\"terms\""),
        };
        for (int i = 0; i < terms.Length; i++)
            s.Add(s.Alice, new LicenseGranted(i % 2 == 0 ? [_work] : null, null, i == 3 ? null : s.Dana.Id, [Use.AiTrain, Use.Search], i == 1,
                new Window(Day(3), i == 2 ? Day(40) : null), i == 1 ? ["DE", "FR"] : null, terms[i]).ToDraft(), Day(3));
        var built = LicenseProjection.From(s.Events);
        var path = _directory.File("grants.projection");
        Assert.True(LicenseProjectionFile.TryWrite(built, path));

        var read = LicenseProjectionFile.TryRead(path) ?? throw new Xunit.Sdk.XunitException("The saved projection was not read back.");
        Assert.Equal(built.Head.Grants.Select(g => g.License.ToDraft().Data.ToJsonString()), read.Head.Grants.Select(g => g.License.ToDraft().Data.ToJsonString()));
        Assert.Equal(built.Head.Grants.Select(g => (g.Id, g.Owner, g.Signer, g.At, g.Position)), read.Head.Grants.Select(g => (g.Id, g.Owner, g.Signer, g.At, g.Position)));
    }

    [Fact]
    public async Task Load_SavedFileWithAByteChanged_IsRebuiltFromTheLedger()
    {
        var (_, store, saved) = await LedgerWithSavedProjection();
        using var _ = store;
        var bytes = await File.ReadAllBytesAsync(saved);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(saved, bytes);
        Assert.Null(LicenseProjectionFile.TryRead(saved));
        await AssertRebuilt(store, saved);
    }

    [Fact]
    public async Task Load_SavedFileTruncated_IsRebuiltFromTheLedger()
    {
        var (_, store, saved) = await LedgerWithSavedProjection();
        using var _ = store;
        var bytes = await File.ReadAllBytesAsync(saved);
        await File.WriteAllBytesAsync(saved, bytes[..(bytes.Length - 40)]);
        await AssertRebuilt(store, saved);
    }

    [Fact]
    public async Task Load_SavedFileOfAnotherLedger_IsRebuiltFromThisOne()
    {
        var (_, store, saved) = await LedgerWithSavedProjection();
        using var _ = store;
        // Another ledger, one event longer than this one, saved its projection where this store's belongs.
        var other = new LedgerScenario();
        other.Register(other.Alice, _work, Day(2));
        other.Register(other.Alice, Work("x"), Day(2));
        other.Register(other.Alice, Work("y"), Day(2));
        other.Register(other.Alice, Work("z"), Day(2));
        Assert.True(LicenseProjectionFile.TryWrite(LicenseProjection.From(other.Events), saved));
        await AssertRebuilt(store, saved);
        // And one shorter than this one, with the same positions filled.
        var shorter = new LedgerScenario();
        Assert.True(LicenseProjectionFile.TryWrite(LicenseProjection.From(shorter.Events), saved));
        var rebuilt = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(rebuilt.Position, rebuilt.EventsReplayed);
    }

    private async Task AssertRebuilt(SqliteEventStore store, string saved)
    {
        var rebuilt = await LicenseProjection.LoadAsync(store, saved);
        var head = await store.HeadAsync();
        Assert.Equal(head.Size, rebuilt.EventsReplayed);
        Assert.Equal(head, rebuilt.Checkpoint);
        Assert.Single(rebuilt.Head.ClaimsOf(_work));
        Assert.NotNull(LicenseProjectionFile.TryRead(saved));
    }

    private async Task<(LedgerScenario Scenario, SqliteEventStore Store, string Saved)> LedgerWithSavedProjection()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, _work, Day(2));
        s.Grant(s.Alice, Day(3), [_work], s.Dana);
        s.Register(s.Bob, Work("b"), Day(3));
        var path = _directory.File("ledger.db");
        var store = SqliteEventStore.Open(path, new FakeTimeProvider(Day(40).Value));
        await Import(store, s, from: 1);
        var saved = LicenseProjectionFile.BesideStore(path);
        var built = await LicenseProjection.LoadAsync(store, saved);
        Assert.Equal(7, built.EventsReplayed);
        Assert.True(File.Exists(saved));
        return (s, store, saved);
    }

    private static Task Import(SqliteEventStore store, LedgerScenario s, int from) =>
        LedgerImport.ImportAsync(store, s.Events.Skip(from - 1).Select(e => ((long)e.Position, e.Event.Bytes)).ToList());
}
