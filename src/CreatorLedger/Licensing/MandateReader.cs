using System.Globalization;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// A <see cref="MandateGranted"/> read from its bytes as <see cref="MandateGranted.TryRead"/> reads it. False when it
/// cannot tell; the value is null when the full reader would refuse the data.
/// </summary>
internal static class MandateReader
{
    private static readonly byte[] Names = DataSpan.Names("agent", "works", "uses", "from", "until", "commissionPercent");

    public static bool TryRead(ReadOnlySpan<byte> data, out MandateGranted? value)
    {
        value = null;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        IdentityId agent = default;
        List<WorkId>? works = null;
        List<Use>? uses = null;
        LedgerTime from = default;
        LedgerTime? until = null;
        decimal commission = 0;
        bool valid = true;
        int seen = 0;
        while (DataSpan.NextProperty(ref reader, Names, ref seen, out int field, out bool escaped))
        {
            if (escaped) return false;
            switch (field)
            {
                case 0: valid &= DataSpan.TryIdentity(reader, out agent); break;
                case 1:
                    if (!DataSpan.WorksOrEverything(ref reader, ref valid, out works)) return false;
                    break;
                case 2:
                    if (!DataSpan.Uses(ref reader, ref valid, out uses)) return false;
                    break;
                case 3: valid &= DataSpan.TryTime(reader, out from); break;
                case 4:
                    if (DataSpan.IsNull(reader)) break;
                    valid &= DataSpan.TryTime(reader, out var u);
                    until = u;
                    break;
                case 5:
                    var text = DataSpan.IsString(reader) ? DataSpan.Text(reader) : "";
                    valid &= Fee.IsAmount(text) && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out commission) && commission <= 100;
                    break;
            }
            reader.Skip();
        }
        // Every field but until is required.
        valid &= (seen & 0b101111) == 0b101111;
        if (!valid || !Window.TryCreate(from, until, out var window)) return true;
        value = new MandateGranted(agent, works, uses!, window.Value, commission);
        return true;
    }
}
