using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// A client of C2SP tlog-witness v1: submits checkpoints to <c>&lt;prefix&gt;/add-checkpoint</c> and reads a witness's latest
/// cosigned checkpoint. Whatever a witness answers, and a witness that does not answer, is a result, never an exception;
/// it throws only for misuse (bad arguments) and when the caller's own token is cancelled. The <see cref="HttpClient"/> is
/// borrowed (its timeout applies; a timeout is <see cref="WitnessRefusal.Unreachable"/>).
/// </summary>
public sealed class WitnessClient
{
    /// <summary>The media type of a 409 body, the witness's latest size.</summary>
    public const string SizeMediaType = "text/x.tlog.size";

    /// <summary>Witness answers are a few lines; more than this is not an answer.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    private const int MaxMessageLength = 500;

    private readonly HttpClient _http;

    public WitnessClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>
    /// Asks the witness at <paramref name="witness"/> (its submission prefix) to cosign <paramref name="note"/>, proving it
    /// consistent with the checkpoint of <paramref name="oldSize"/> leaves the witness holds (0 and no proof for the first).
    /// </summary>
    public async Task<WitnessAddResult> AddCheckpointAsync(
        Uri witness, long oldSize, IReadOnlyList<byte[]> consistencyProof, SignedNote note, CancellationToken cancellationToken = default)
    {
        var uri = AddCheckpointUri(witness);
        var request = AddCheckpointRequest.Create(oldSize, consistencyProof, note);
        using var content = new ByteArrayContent(request.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        Answer answer;
        try
        {
            answer = await SendAsync(new HttpRequestMessage(HttpMethod.Post, uri) { Content = content }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            return new WitnessRefused(witness, WitnessRefusal.Unreachable, null, Describe(e));
        }
        return answer.Status switch
        {
            HttpStatusCode.OK => ReadCosignatures(witness, note, answer),
            HttpStatusCode.Conflict => ReadConflict(witness, oldSize, answer),
            HttpStatusCode.BadRequest => Refused(witness, WitnessRefusal.BadRequest, answer),
            HttpStatusCode.Forbidden => Refused(witness, WitnessRefusal.BadSignature, answer),
            HttpStatusCode.NotFound => Refused(witness, WitnessRefusal.UnknownOrigin, answer),
            HttpStatusCode.UnprocessableEntity => Refused(witness, WitnessRefusal.Inconsistent, answer),
            _ => Refused(witness, WitnessRefusal.OtherStatus, answer),
        };
    }

    /// <summary>The witness's latest cosigned checkpoint of <paramref name="origin"/> (the spec's monitoring read).</summary>
    public async Task<WitnessLatest> LatestAsync(Uri witness, string origin, CancellationToken cancellationToken = default)
    {
        var uri = CheckpointUri(witness, origin);
        Answer answer;
        try
        {
            answer = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            return new WitnessLatest(witness, origin, null, null, Describe(e));
        }
        var status = (int)answer.Status;
        if (answer.Status == HttpStatusCode.NotFound) return new WitnessLatest(witness, origin, null, status, null);
        if (answer.Status != HttpStatusCode.OK) return new WitnessLatest(witness, origin, null, status, $"status {status}: {answer.Message}");
        if (answer.Body is null) return new WitnessLatest(witness, origin, null, status, "garbage: the answer is larger than a checkpoint");
        if (!SignedNote.TryParse(answer.Body, out var note, out var problem))
            return new WitnessLatest(witness, origin, null, status, $"garbage: not a signed note: {problem}");
        if (!CheckpointBody.TryParse(note.Text, out var body, out problem))
            return new WitnessLatest(witness, origin, null, status, $"garbage: not a checkpoint: {problem}");
        if (!string.Equals(body.Origin, origin, StringComparison.Ordinal))
            return new WitnessLatest(witness, origin, null, status, $"garbage: the checkpoint is of origin '{body.Origin}'");
        return new WitnessLatest(witness, origin, note, status, null);
    }

    /// <summary><c>&lt;submission prefix&gt;/add-checkpoint</c>.</summary>
    public static Uri AddCheckpointUri(Uri witness) => new(Prefix(witness) + "/add-checkpoint");

    /// <summary><c>&lt;monitoring prefix&gt;/&lt;lowercase hex SHA-256 of the origin&gt;/checkpoint</c>.</summary>
    public static Uri CheckpointUri(Uri witness, string origin)
    {
        if (string.IsNullOrEmpty(origin)) throw new ArgumentException("An origin is not empty.", nameof(origin));
        return new(Prefix(witness) + "/" + OriginHash(origin) + "/checkpoint");
    }

    /// <summary>How tlog-witness names a log in a URL: SHA-256 of the origin line (no newline), lowercase hex.</summary>
    public static string OriginHash(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return Convert.ToHexStringLower(SHA256.HashData(NoteRules.Utf8.GetBytes(origin)));
    }

    private static string Prefix(Uri witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        if (!witness.IsAbsoluteUri || (witness.Scheme != Uri.UriSchemeHttp && witness.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("A witness is an absolute http or https URL (its prefix).", nameof(witness));
        if (witness.Query.Length > 0 || witness.Fragment.Length > 0)
            throw new ArgumentException("A witness prefix has no query or fragment.", nameof(witness));
        return witness.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    private static WitnessAddResult ReadCosignatures(Uri witness, SignedNote note, Answer answer)
    {
        if (answer.Body is null) return Garbage(witness, answer, "the 200 body is larger than any cosignature lines");
        string text;
        try
        {
            text = NoteRules.Utf8.GetString(answer.Body);
        }
        catch (DecoderFallbackException)
        {
            return Garbage(witness, answer, "the 200 body is not UTF-8");
        }
        if (text.Length == 0 || text[^1] != '\n') return Garbage(witness, answer, "the 200 body is not newline-terminated signature lines");
        var lines = text[..^1].Split('\n');
        if (lines.Length > SignedNote.MaxSignatures - note.Signatures.Count)
            return Garbage(witness, answer, $"{lines.Length} signature lines are more than a note may carry");
        var signatures = new NoteSignature[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            if (!NoteSignature.TryParse(lines[i], out var signature, out var problem))
                return Garbage(witness, answer, $"line {i + 1} of the 200 body is not a signature line: {problem}");
            signatures[i] = signature;
        }
        return new WitnessCosigned(witness, note, signatures);
    }

    private static WitnessAddResult ReadConflict(Uri witness, long oldSize, Answer answer)
    {
        if (!string.Equals(answer.MediaType, SizeMediaType, StringComparison.OrdinalIgnoreCase))
            return Garbage(witness, answer, $"the 409 has Content-Type '{answer.MediaType}', not {SizeMediaType}");
        var text = answer.Body is null ? "" : Encoding.ASCII.GetString(answer.Body);
        if (text.Length < 2 || text[^1] != '\n' || !NoteRules.TryParseDecimal(text.AsSpan(0, text.Length - 1), long.MaxValue, out var size))
            return Garbage(witness, answer, "the 409 body is not a decimal size and a newline");
        return new WitnessConflict(witness, oldSize, (long)size);
    }

    private static WitnessRefused Refused(Uri witness, WitnessRefusal reason, Answer answer) =>
        new(witness, reason, (int)answer.Status, answer.Message);

    private static WitnessRefused Garbage(Uri witness, Answer answer, string problem) =>
        new(witness, WitnessRefusal.Garbage, (int)answer.Status, "garbage: " + problem);

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxResponseBytes)
                        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, null);
                    buffer.Write(chunk, 0, read);
                }
                return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, buffer.ToArray());
            }
        }
    }

    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception e) =>
        e is OperationCanceledException ? "the witness did not answer in time" : e.Message;

    /// <summary>Status, media type and body (null when larger than <see cref="MaxResponseBytes"/>).</summary>
    private sealed record Answer(HttpStatusCode Status, string? MediaType, byte[]? Body)
    {
        public string Message
        {
            get
            {
                if (Body is null) return "(an answer too large to show)";
                var text = Encoding.UTF8.GetString(Body).Trim();
                if (text.Length == 0) return $"(no text; status {((int)Status).ToString(CultureInfo.InvariantCulture)})";
                return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
            }
        }
    }
}
