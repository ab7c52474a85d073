using System.Globalization;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// A <see cref="LicenseGranted"/> read from its bytes as <see cref="LicenseGranted.TryRead"/> reads it (terms and fee
/// as <see cref="LicenseTerms"/> reads them): grants are most of a catalogue's events. False when it cannot tell; the
/// value is null when the full reader would refuse the data.
/// </summary>
internal static class GrantReader
{
    private static readonly byte[] Names = DataSpan.Names("works", "owner", "licensee", "uses", "commercial", "from", "until", "territories", "terms");
    private static readonly byte[] TermsNames = DataSpan.Names("fee", "attribution", "url", "sha256");
    private static readonly byte[] FeeNames = DataSpan.Names("amount", "currency", "per");

    public static bool TryRead(ReadOnlySpan<byte> data, out LicenseGranted? value)
    {
        value = null;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        List<WorkId>? works = null;
        IdentityId? owner = null, licensee = null;
        List<Use>? uses = null;
        List<string>? territories = null;
        LedgerTime from = default;
        LedgerTime? until = null;
        var terms = new LicenseTerms(null, false);
        bool valid = true, commercial = false;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, Names, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            switch (field)
            {
                case 0:
                    if (!DataSpan.WorksOrEverything(ref reader, ref valid, out works)) return false;
                    break;
                case 1:
                    if (DataSpan.IsNull(reader)) break;
                    valid &= DataSpan.TryIdentity(reader, out var o);
                    owner = o;
                    break;
                case 2:
                    if (DataSpan.IsString(reader) && reader.ValueSpan.SequenceEqual("*"u8)) break;
                    valid &= DataSpan.TryIdentity(reader, out var l);
                    licensee = l;
                    break;
                case 3:
                    if (!DataSpan.Uses(ref reader, ref valid, out uses)) return false;
                    break;
                case 4: valid &= DataSpan.TryBoolean(reader, out commercial); break;
                case 5: valid &= DataSpan.TryTime(reader, out from); break;
                case 6:
                    if (DataSpan.IsNull(reader)) break;
                    valid &= DataSpan.TryTime(reader, out var u);
                    until = u;
                    break;
                case 7:
                    if (DataSpan.IsNull(reader)) break;
                    if (!DataSpan.Strings(ref reader, ref valid, out territories)) return false;
                    foreach (var t in territories) valid &= LicenseGranted.IsTerritory(t);
                    break;
                case 8:
                    if (reader.TokenType != JsonTokenType.StartObject) { valid = false; break; }
                    if (!TryReadTerms(ref reader, ref valid, out terms)) return false;
                    break;
            }
            reader.Skip();
        }
        // Required: works, licensee, uses, commercial, from (bits 0, 2, 3, 4, 5).
        valid &= (seen & 0b111101) == 0b111101;
        if (!valid || !Window.TryCreate(from, until, out var window)) return true;
        value = new LicenseGranted(works, owner, licensee, uses!, commercial, window.Value, territories, terms);
        return true;
    }

    // The reader stands on the terms object, and is left on its end.
    private static bool TryReadTerms(ref Utf8JsonReader reader, ref bool valid, out LicenseTerms terms)
    {
        Fee? fee = null;
        bool attribution = false;
        string? url = null, sha = null;
        int seen = 0;
        terms = new LicenseTerms(null, false);
        while (DataSpan.NextProperty(ref reader, TermsNames, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            switch (field)
            {
                case 0:
                    if (DataSpan.IsNull(reader)) break;
                    // The full reader throws on a fee that is not an object: leave that to it.
                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadFee(ref reader, ref valid, out fee)) return false;
                    break;
                case 1:
                    if (!DataSpan.IsNull(reader)) valid &= DataSpan.TryBoolean(reader, out attribution);
                    break;
                case 2:
                    if (DataSpan.IsNull(reader)) break;
                    if (DataSpan.IsString(reader)) url = DataSpan.Text(reader);
                    else valid = false;
                    break;
                case 3:
                    if (DataSpan.IsNull(reader)) break;
                    if (DataSpan.IsString(reader)) sha = DataSpan.Text(reader);
                    valid &= Hex64.IsLowercaseHex(sha, 64);
                    break;
            }
            reader.Skip();
        }
        terms = new LicenseTerms(fee, attribution, url, sha);
        return true;
    }

    private static bool TryReadFee(ref Utf8JsonReader reader, ref bool valid, out Fee? fee)
    {
        fee = null;
        string? amount = null, currency = null, per = null;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, FeeNames, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            string? text = DataSpan.IsString(reader) ? DataSpan.Text(reader) : null;
            switch (field)
            {
                case 0: amount = text; break;
                case 1: currency = text; break;
                case 2: per = text; break;
            }
            reader.Skip();
        }
        if (amount is not null && currency is not null && per is not null && Fee.IsAmount(amount) && Fee.IsCurrency(currency) && Fee.Pers.Contains(per))
            fee = new Fee(decimal.Parse(amount, CultureInfo.InvariantCulture), currency, per);
        else valid = false;
        return true;
    }
}
