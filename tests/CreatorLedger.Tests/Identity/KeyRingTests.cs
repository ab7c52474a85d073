using CreatorLedger.Identity;
using Xunit;

namespace CreatorLedger.Tests.Identity;

/// <summary>The folder of key files: private to its owner, never overwritten by accident, searchable by name or did.</summary>
public sealed class KeyRingTests
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly KeyFile.Cost Fast = new(MemoryKiB: 8 * 1024, Passes: 1);

    private static KeyFile SealNew(SigningKey key, string name) => KeyFile.Seal(name, key.Id, key, Passphrase, Fast);

    [Fact]
    public void Add_NewFolder_WritesFile0600InFolder0700()
    {
        if (OperatingSystem.IsWindows()) return; // Unix modes only.
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var key = SigningKey.Generate();
        var path = ring.Add(SealNew(key, "Alice"));
        Assert.Equal(ring.PathOf(key.Id), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ring.Directory));
        // No temporary file is left behind.
        Assert.Single(Directory.GetFiles(ring.Directory));
    }

    [Fact]
    public void Add_ExistingIdentity_RefusesAndKeepsTheOldFile()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var key = SigningKey.Generate();
        var path = ring.Add(SealNew(key, "Alice"));
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => ring.Add(SealNew(key, "Mallory")));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("Alice", ring.Find(key.Id.Value)!.Name);
    }

    [Fact]
    public void Find_ByNameInAnyCase_FindsTheKeyFile()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var alice = SigningKey.Generate();
        using var bob = SigningKey.Generate();
        ring.Add(SealNew(alice, "Alice"));
        ring.Add(SealNew(bob, "Bob"));
        Assert.Equal(alice.Id, ring.Find("alice")!.Identity);
        Assert.Equal(alice.Id, ring.Find("ALICE")!.Identity);
        Assert.Equal(bob.Id, ring.Find("Bob")!.Identity);
        using var opened = ring.Find("bob")!.Open(Passphrase);
        Assert.Equal(bob.Id, opened.Id);
    }

    [Fact]
    public void Find_ByDid_FindsTheKeyFile()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var key = SigningKey.Generate();
        ring.Add(SealNew(key, "Alice"));
        var found = ring.Find(key.Id.Value);
        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Identity);
    }

    [Fact]
    public void Find_Unknown_ReturnsNull()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        Assert.Null(ring.Find("Alice")); // no folder yet
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        ring.Add(SealNew(key, "Alice"));
        Assert.Null(ring.Find("Bob"));
        Assert.Null(ring.Find(other.Id.Value));
    }

    [Fact]
    public void List_FolderWithJunk_SkipsFilesThatAreNotKeyFiles()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var key = SigningKey.Generate();
        ring.Add(SealNew(key, "Alice"));
        File.WriteAllText(Path.Combine(ring.Directory, "junk.key"), "not a key file");
        var listed = Assert.Single(ring.List());
        Assert.Equal(key.Id, listed.Identity);
        Assert.Equal(key.Id, ring.Find("alice")!.Identity);
    }

    [Fact]
    public void Load_MissingFile_IsUnreadable()
    {
        using var temp = new TempDirectory();
        var path = temp.File("missing.key");
        var e = Assert.Throws<KeyFileException>(() => KeyRing.Load(path));
        Assert.Equal(KeyFileProblem.Unreadable, e.Problem);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Replace_AfterRotation_OpensToTheNextKey()
    {
        using var temp = new TempDirectory();
        var ring = new KeyRing(temp.File("keys"));
        using var genesis = SigningKey.Generate();
        using var next = SigningKey.Generate();
        ring.Add(SealNew(genesis, "Alice"));
        ring.Replace(KeyFile.Seal("Alice", genesis.Id, next, Passphrase, Fast));
        var found = ring.Find(genesis.Id.Value)!;
        Assert.Equal(next.Id, found.Key);
        using var opened = found.Open(Passphrase);
        Assert.Equal(next.Id, opened.Id);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ring.PathOf(genesis.Id)));
    }
}
