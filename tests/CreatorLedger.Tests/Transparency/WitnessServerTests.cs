using System.Buffers.Binary;
using System.Net;
using System.Text;
using CreatorLedger.Transparency;
using NSec.Cryptography;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>The witness over real HTTP on loopback (Kestrel in process, port 0): every status of C2SP tlog-witness v1 add-checkpoint.</summary>
public sealed class WitnessServerTests : IAsyncLifetime
{
    private readonly TestLog _log = new();
    private readonly TestLog _other = new("example.com/other-log", seed: 0x22);
    private readonly HttpClient _http = new();
    private WitnessFiles _files = null!;
    private InProcessWitness _witness = null!;

    private WitnessClient Client => new(_http);

    public async Task InitializeAsync()
    {
        _files = new WitnessFiles("/w1", _log);
        _witness = await InProcessWitness.StartAsync(_files);
    }

    public async Task DisposeAsync()
    {
        await _witness.DisposeAsync();
        _files.Dispose();
        _http.Dispose();
        _log.Dispose();
        _other.Dispose();
    }

    private Task<WitnessAddResult> AddAsync(long oldSize, IReadOnlyList<byte[]> proof, SignedNote note) =>
        Client.AddCheckpointAsync(_witness.Prefix, oldSize, proof, note);

    private async Task<HttpResponseMessage> PostAsync(string body) =>
        await _http.PostAsync(WitnessClient.AddCheckpointUri(_witness.Prefix), new ByteArrayContent(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task AddCheckpoint_FirstCheckpoint_Returns200WithOneCosignatureLine()
    {
        _log.Grow(5);
        using var response = await PostAsync(AddCheckpointRequest.Create(0, [], _log.Checkpoint()).Format());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("\u2014 " + WitnessFiles.Name + " ", body);
        Assert.EndsWith("\n", body);
        Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // base64(key id ‖ u64be(timestamp) ‖ Ed25519 signature)
        var bytes = Convert.FromBase64String(body[(2 + WitnessFiles.Name.Length + 1)..^1]);
        Assert.Equal(4 + 8 + 64, bytes.Length);
        Assert.Equal(_files.CosignerKey.KeyId, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.Equal((ulong)InProcessWitness.Now.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public async Task AddCheckpoint_Cosigned_SignatureVerifiesOverCosignatureV1MessageWithTheWitnessVkey()
    {
        _log.Grow(7);
        var result = Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        var line = Assert.Single(result.Cosignatures);
        var time = InProcessWitness.Now.ToUnixTimeSeconds();
        // Checked by hand against the spec, not through the code under test: "cosignature/v1\ntime T\n" then the body.
        var message = Encoding.UTF8.GetBytes($"cosignature/v1\ntime {time}\n{_log.Body(7).Format()}");
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, _files.CosignerKey.PublicKey, KeyBlobFormat.RawPublicKey);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(publicKey, message, line.Signature[8..]));
        // And as a client reads it: the response appended to the checkpoint, verified with the witness's vkey.
        Assert.True(result.CosignedNote.Verify([_files.CosignerKey]).IsVerifiedBy(_files.CosignerKey));
        Assert.True(Cosignature.TryFrom(line, out var cosignature));
        Assert.True(cosignature.Verify(_files.CosignerKey, _log.Body(7)));
        Assert.Equal((ulong)time, cosignature.Timestamp);
    }

    [Fact]
    public async Task AddCheckpoint_SequenceGrowingFromZero_CosignsEveryCheckpoint()
    {
        long previous = 0;
        foreach (var grow in new[] { 0, 1, 1, 1, 2, 3, 8, 48, 1, 35 })
        {
            _log.Grow(grow);
            _witness.Time.Advance(TimeSpan.FromSeconds(10));
            var result = await AddAsync(previous, _log.Proof(previous, _log.Size), _log.Checkpoint());
            var cosigned = Assert.IsType<WitnessCosigned>(result);
            Assert.True(cosigned.CosignedNote.Verify([_files.CosignerKey]).IsVerifiedBy(_files.CosignerKey), $"size {_log.Size}");
            previous = _log.Size;
        }
        Assert.Equal(100, previous);
    }

    [Fact]
    public async Task AddCheckpoint_NotSignedByTheLogKey_Returns403()
    {
        _log.Grow(3);
        using var impostor = new TestLog(_log.Origin, seed: 0x33, leaves: null);
        impostor.Grow(3);
        var result = Assert.IsType<WitnessRefused>(await AddAsync(0, [], impostor.Checkpoint()));
        Assert.Equal(WitnessRefusal.BadSignature, result.Reason);
        Assert.Equal(403, result.StatusCode);
        Assert.Contains("no signature by a known key", result.Message);
    }

    [Fact]
    public async Task AddCheckpoint_LogKeySignatureFailsToVerify_Returns403()
    {
        _log.Grow(3);
        var note = _log.Checkpoint();
        var good = note.Signatures[0];
        var bad = good.Signature.ToArray();
        bad[^1] ^= 1;
        var tampered = SignedNote.Create(note.Text, new NoteSignature(good.Name, good.KeyId, bad));
        using var response = await PostAsync(AddCheckpointRequest.Create(0, [], tampered).Format());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("does not verify", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddCheckpoint_UnknownOrigin_Returns404()
    {
        _other.Grow(2);
        using var response = await PostAsync(AddCheckpointRequest.Create(0, [], _other.Checkpoint()).Format());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var result = Assert.IsType<WitnessRefused>(await AddAsync(0, [], _other.Checkpoint()));
        Assert.Equal(WitnessRefusal.UnknownOrigin, result.Reason);
    }

    [Fact]
    public async Task AddCheckpoint_OldSizeLargerThanCheckpointSize_Returns400()
    {
        _log.Grow(4);
        using var response = await PostAsync(AddCheckpointRequest.Create(5, [], _log.Checkpoint()).Format());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("old size 5 is larger than the checkpoint size 4", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("old 01\n\n", "old <size>")]
    [InlineData("old -1\n\n", "old <size>")]
    [InlineData("old  0\n\n", "old <size>")]
    [InlineData("Old 0\n\n", "old <size>")]
    [InlineData("old 0\nnot base64!\n\n", "proof line 1")]
    [InlineData("old 0\nAAAA\n\n", "proof line 1")]
    [InlineData("old 0\n", "proof line 1")] // without its blank line the checkpoint reads as proof lines
    public async Task AddCheckpoint_MalformedRequest_Returns400(string header, string expected)
    {
        _log.Grow(2);
        using var response = await PostAsync(header + _log.Checkpoint());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddCheckpoint_NotACheckpointNote_Returns400()
    {
        using var response = await PostAsync("old 0\n\n" + _log.Signer.SignNote("just some text\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a checkpoint", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddCheckpoint_OldSizeNotTheLatest_Returns409WithTheSizeAsTlogSize()
    {
        _log.Grow(6);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        _log.Grow(4);
        using var response = await PostAsync(AddCheckpointRequest.Create(0, [], _log.Checkpoint()).Format());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("text/x.tlog.size", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("6\n", await response.Content.ReadAsStringAsync());

        var conflict = Assert.IsType<WitnessConflict>(await AddAsync(3, _log.Proof(3, 10), _log.Checkpoint()));
        Assert.Equal(6, conflict.LatestSize);
        Assert.Equal(3, conflict.SentOldSize);
        Assert.IsType<WitnessCosigned>(await AddAsync(conflict.LatestSize, _log.Proof(6, 10), _log.Checkpoint()));
    }

    [Fact]
    public async Task AddCheckpoint_ProofDoesNotVerify_Returns422()
    {
        _log.Grow(6);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        _log.Grow(5);
        var proof = _log.Proof(6, 11).Select(h => (byte[])h.Clone()).ToArray();
        proof[0][0] ^= 1;
        using var response = await PostAsync(AddCheckpointRequest.Create(6, proof, _log.Checkpoint()).Format());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("does not verify", await response.Content.ReadAsStringAsync());
        var refused = Assert.IsType<WitnessRefused>(await AddAsync(6, [], _log.Checkpoint()));
        Assert.Equal(WitnessRefusal.Inconsistent, refused.Reason);
    }

    [Fact]
    public async Task AddCheckpoint_ForkAtTheSameSize_Returns422()
    {
        _log.Grow(8);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        using var fork = _log.Fork(keep: 5).Grow(3);
        var refused = Assert.IsType<WitnessRefused>(await AddAsync(8, [], fork.Checkpoint()));
        Assert.Equal(WitnessRefusal.Inconsistent, refused.Reason);
        Assert.Equal(422, refused.StatusCode);
        Assert.Contains("size 8 has root", refused.Message);
    }

    [Fact]
    public async Task AddCheckpoint_ForkAtALargerSize_Returns422AndKeepsTheOldState()
    {
        _log.Grow(8);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        using var fork = _log.Fork(keep: 5).Grow(7);
        // The fork's own proof from 8 to 12 is a proof for its own size-8 root, not for the one the witness holds.
        var refused = Assert.IsType<WitnessRefused>(await AddAsync(8, fork.Proof(8, 12), fork.Checkpoint()));
        Assert.Equal(WitnessRefusal.Inconsistent, refused.Reason);
        var latest = await Client.LatestAsync(_witness.Prefix, _log.Origin);
        Assert.Equal(_log.Body(8).Format(), latest.Note!.Text);
        _log.Grow(4);
        Assert.IsType<WitnessCosigned>(await AddAsync(8, _log.Proof(8, 12), _log.Checkpoint()));
    }

    [Fact]
    public async Task AddCheckpoint_SameCheckpointAgain_CosignsItAgainWithTheNewTime()
    {
        _log.Grow(4);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        _witness.Time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.IsType<WitnessCosigned>(await AddAsync(4, [], _log.Checkpoint()));
        Assert.True(Cosignature.TryFrom(again.Cosignatures[0], out var cosignature));
        Assert.Equal((ulong)InProcessWitness.Now.AddMinutes(5).ToUnixTimeSeconds(), cosignature.Timestamp);
    }

    [Fact]
    public async Task AddCheckpoint_GetInsteadOfPost_IsNotAccepted()
    {
        using var response = await _http.GetAsync(WitnessClient.AddCheckpointUri(_witness.Prefix));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Latest_AfterCosigning_ServesTheCheckpointWithTheLogSignatureAndTheCosignature()
    {
        _log.Grow(9);
        var cosigned = Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        var latest = await Client.LatestAsync(_witness.Prefix, _log.Origin);
        Assert.True(latest.Found);
        Assert.Equal(200, latest.StatusCode);
        Assert.Equal(cosigned.CosignedNote.ToString(), latest.Note!.ToString());
        var verification = latest.Note.Verify([_log.Key, _files.CosignerKey]);
        Assert.True(verification.IsVerifiedBy(_log.Key));
        Assert.True(verification.IsVerifiedBy(_files.CosignerKey));

        // The spec's path is <prefix>/<hex SHA-256 of the origin>/checkpoint; ours, latest?origin=, serves the same note.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(_log.Origin)));
        Assert.Equal(new Uri(_witness.Prefix, $"/w1/{hash}/checkpoint"), WitnessClient.CheckpointUri(_witness.Prefix, _log.Origin));
        var byOrigin = await _http.GetStringAsync(new Uri(_witness.Prefix, "/w1/latest?origin=" + Uri.EscapeDataString(_log.Origin)));
        Assert.Equal(latest.Note.ToString(), byOrigin);
    }

    [Fact]
    public async Task Latest_NeverCosigned_Is404()
    {
        var latest = await Client.LatestAsync(_witness.Prefix, _log.Origin);
        Assert.True(latest.NeverCosigned);
        Assert.Null(latest.Problem);
        var unknown = await Client.LatestAsync(_witness.Prefix, "example.com/not-witnessed");
        Assert.True(unknown.NeverCosigned);
        using var response = await _http.GetAsync(new Uri(_witness.Prefix, "/w1/latest?origin=" + Uri.EscapeDataString(_log.Origin)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Restart_SameStateFile_RemembersTheLatestCheckpoint()
    {
        _log.Grow(12);
        Assert.IsType<WitnessCosigned>(await AddAsync(0, [], _log.Checkpoint()));
        await _witness.DisposeAsync();
        _witness = await InProcessWitness.StartAsync(_files);

        var conflict = Assert.IsType<WitnessConflict>(await AddAsync(0, [], _log.Checkpoint()));
        Assert.Equal(12, conflict.LatestSize);
        Assert.Equal(_log.Body(12).Format(), (await Client.LatestAsync(_witness.Prefix, _log.Origin)).Note!.Text);
        _log.Grow(1);
        Assert.IsType<WitnessCosigned>(await AddAsync(12, _log.Proof(12, 13), _log.Checkpoint()));
    }
}
