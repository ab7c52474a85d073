using System.Globalization;
using System.Management.Automation;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Lets a date parameter take what people type and pass: a <see cref="DateTimeOffset"/>, a <see cref="DateTime"/>
/// (Get-Date's local time is converted; one without a kind, such as <c>[datetime]'2026-06-01'</c>, is read as UTC), or a
/// string such as <c>2026-06-01</c> or <c>2026-06-01T12:00Z</c>, read as UTC unless it gives an offset.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class LedgerDateAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null => null,
            DateTimeOffset offset => offset,
            DateTime { Kind: DateTimeKind.Unspecified } time => new DateTimeOffset(time, TimeSpan.Zero),
            DateTime time => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
            string text when Parse(text) is { } parsed => parsed,
            _ => throw new ArgumentTransformationMetadataException(
                $"'{value}' is not a date: give a DateTime, a DateTimeOffset, or text such as 2026-06-01 or 2026-06-01T12:00Z (UTC unless it names an offset)."),
        };
    }

    internal static DateTimeOffset? Parse(string text) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
}
