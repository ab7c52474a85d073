namespace CreatorLedger.Base;

/// <summary>
/// The messages of the argument errors the base values and the store skeleton throw, and of pictures that cannot be
/// hashed, kept in one place (as NSec keeps its own).
/// </summary>
internal static class Error
{
    public static ArgumentException Argument_NotADid(string paramName, string value) =>
        new($"'{value}' is not an Ed25519 did:key (expected did:key:z6Mk…).", paramName);

    public static ArgumentException Argument_NotAWorkDigest(string paramName, string value) =>
        new($"'{value}' is not a work digest (expected sha256: followed by 64 lowercase hex digits).", paramName);

    public static ArgumentException Argument_NotAnEventId(string paramName, string value) =>
        new($"'{value}' is not an event id (expected 64 lowercase hex digits).", paramName);

    public static ArgumentException Argument_NotALedgerTime(string paramName, string value) =>
        new($"'{value}' is not a ledger time (expected yyyy-MM-ddTHH:mm:ss.fffZ).", paramName);

    public static ArgumentException Argument_NotACheckpoint(string paramName, string value) =>
        new($"'{value}' is not a checkpoint (expected <size>:<64 hex digits>).", paramName);

    public static ArgumentException Argument_UnknownUse(string paramName, string value) =>
        new($"'{value}' is not a use. Known uses: {string.Join(", ", Use.All.Select(u => u.Name))}.", paramName);

    public static ArgumentException Argument_EmptyWindow(string paramName, LedgerTime start, LedgerTime end) =>
        new($"The window is empty: its end ({end}) must be later than its start ({start}).", paramName);

    public static ArgumentException Argument_WorkListSize(string paramName, int count, int max) =>
        new($"A list registers 1 to {max} works, not {count}.", paramName);

    public static ArgumentException Argument_WorkListedTwice(string paramName, string work) =>
        new($"The work {work} is listed twice: a list registers each work once.", paramName);

    public static ArgumentException Argument_WorkTooLarge(string paramName, string work, long bytes, int maxEnvelopeBytes) =>
        new($"The registration of {work} takes {bytes:N0} bytes: no envelope of at most {maxEnvelopeBytes:N0} bytes can carry it (shorten its title or uri).", paramName);

    public static ArgumentException Argument_NothingToAppend(string paramName) => new("Nothing to append.", paramName);

    public static ArgumentException Argument_NotAPdqHash(string paramName, string value) =>
        new($"'{value}' is not a PDQ hash (expected 64 hex digits).", paramName);

    public static ArgumentException Argument_StreamNotReadable(string paramName) => new("The stream cannot be read.", paramName);

    public static InvalidDataException InvalidData_NotAPicture(Exception decoderError) =>
        new($"The bytes are not a picture that can be hashed (JPEG, PNG, WebP, GIF, BMP, TIFF, TGA or PBM): {decoderError.Message}", decoderError);

    public static ArgumentException Argument_LengthMismatch(string paramName, int expected, int actual) =>
        new($"There must be one result per query: {expected} queries, room for {actual} results.", paramName);

    public static InvalidDataException InvalidData_PictureTooLarge(long width, long height, long maxPixels) =>
        new($"The picture is {width:N0} × {height:N0} pixels ({width * height:N0}), more than the {maxPixels:N0} pixels a picture may have to be hashed.");

    public static InvalidDataException InvalidData_NotAPicture() =>
        new("The bytes are not a picture that can be hashed (JPEG, PNG, WebP, GIF, BMP, TIFF, TGA or PBM).");

    public static InvalidDataException InvalidData_PictureCut(string format) =>
        new($"The bytes are not a picture that can be hashed: they are a {format} file cut short, ending before the picture does.");

    public static InvalidDataException InvalidData_NoBytes() => new("There are no bytes: an empty file is not a picture.");
}
