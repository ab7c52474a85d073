using System.Text.Json;
using CreatorLedger.Events;

namespace CreatorLedger.Licensing;

/// <summary>
/// The events that end something, named by one id, read from their bytes as their <c>TryRead</c> reads them: a
/// <see cref="LicenseRevoked"/>, a <see cref="MandateRevoked"/>, a <see cref="WorkWithdrawn"/> (its work only, as the
/// projection keeps it). Each is false when it cannot tell; its value is null when the full reader would refuse it.
/// </summary>
internal static class RevocationReader
{
    private static readonly byte[] RevocationNames = DataSpan.Names("grant", "effective", "reason");
    private static readonly byte[] MandateNames = DataSpan.Names("mandate");
    private static readonly byte[] WithdrawalNames = DataSpan.Names("work");

    public static bool TryReadRevocation(ReadOnlySpan<byte> data, out LicenseRevoked? value)
    {
        value = null;
        var reader = Open(data);
        EventId grant = default;
        LedgerTime effective = default;
        string reason = "";
        bool hasGrant = false, hasEffective = false, valid = true;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, RevocationNames, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            switch (field)
            {
                case 0: hasGrant = DataSpan.TryEventId(reader, out grant); break;
                case 1: hasEffective = DataSpan.TryTime(reader, out effective); break;
                case 2:
                    if (DataSpan.IsString(reader)) reason = DataSpan.Text(reader);
                    else valid &= DataSpan.IsNull(reader);
                    break;
            }
            reader.Skip();
        }
        if (valid && hasGrant && hasEffective) value = new LicenseRevoked(grant, effective, reason);
        return true;
    }

    public static bool TryReadMandateRevocation(ReadOnlySpan<byte> data, out MandateRevoked? value)
    {
        value = null;
        var reader = Open(data);
        EventId mandate = default;
        bool valid = false;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, MandateNames, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            if (field == 0) valid = DataSpan.TryEventId(reader, out mandate);
            reader.Skip();
        }
        if (valid) value = new MandateRevoked(mandate);
        return true;
    }

    public static bool TryReadWithdrawal(ReadOnlySpan<byte> data, out bool valid, out Hash256 work)
    {
        var reader = Open(data);
        work = default;
        valid = false;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, WithdrawalNames, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            if (field == 0) valid = DataSpan.TryWork(reader, out work);
            reader.Skip();
        }
        return true;
    }

    private static Utf8JsonReader Open(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        return reader;
    }
}
