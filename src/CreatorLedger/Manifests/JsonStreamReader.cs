using System.Text.Json;

namespace CreatorLedger.Manifests;

/// <summary>
/// Reads a JSON document from a stream a token or a value at a time, holding only what the current token or value
/// needs: a manifest of millions of entries is read with one entry in memory. Values are handed out as
/// <see cref="JsonDocument"/>s, which the caller disposes.
/// </summary>
internal sealed class JsonStreamReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

    /// <summary>The next token, with a property name's or string's text; false at the end of the document.</summary>
    public bool Read(out JsonTokenType token, out string? text)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                token = reader.TokenType;
                text = token is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                Advance(ref reader);
                return true;
            }
            if (_final)
            {
                token = JsonTokenType.None;
                text = null;
                return false;
            }
            Fill();
        }
    }

    /// <summary>The whole next value (object, array or scalar), as a document of its own.</summary>
    public JsonDocument ReadValue() => ReadElementOrEnd() ?? throw new JsonException("A value was expected, not the end of a list.");

    /// <summary>The next element of the list being read, as a document of its own; null at the list's end.</summary>
    public JsonDocument? ReadElementOrEnd()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Advance(ref reader);
                    return null;
                }
                long begin = reader.TokenStartIndex;
                if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip())
                {
                    // Copied: a document keeps the memory it was parsed from, and the buffer is reused.
                    var value = JsonDocument.Parse(_buffer.AsSpan(_start + (int)begin, (int)(reader.BytesConsumed - begin)).ToArray());
                    Advance(ref reader);
                    return value;
                }
            }
            if (_final) throw new JsonException("The document ends inside a value.");
            Fill();
        }
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    // More bytes: what is unread moves to the front, and the buffer doubles when a single value fills it.
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _final = true;
        _end += read;
    }
}
