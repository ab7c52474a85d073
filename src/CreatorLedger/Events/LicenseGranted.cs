using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>
/// A license: <see cref="Works"/> (null = <c>"*"</c>, every work the owner holds when asked) to <see cref="Licensee"/>
/// (null = <c>"*"</c>, anyone) for <see cref="Uses"/>, valid in the half-open <see cref="Window"/>.
/// <see cref="Owner"/> is set when an agent signs on a creator's behalf.
/// </summary>
public sealed partial record LicenseGranted(
    IReadOnlyList<WorkId>? Works,
    IdentityId? Owner,
    IdentityId? Licensee,
    IReadOnlyList<Use> Uses,
    bool Commercial,
    Window Window,
    IReadOnlyList<string>? Territories,
    LicenseTerms Terms)
{
    public const string Everything = "*";

    public LedgerTime From => Window.Start;

    public LedgerTime? Until => Window.End;

    public static bool IsTerritory(string code) => TerritoryPattern().IsMatch(code);

    public EventDraft ToDraft()
    {
        var data = new JsonObject
        {
            ["works"] = Works is null ? Everything : new JsonArray([.. Works.Select(w => (JsonNode)w.Value)]),
        };
        if (Owner is { } owner) data["owner"] = owner.Value;
        data["licensee"] = Licensee?.Value ?? Everything;
        data["uses"] = new JsonArray([.. Uses.Select(u => (JsonNode)u.Name)]);
        data["commercial"] = Commercial;
        data["from"] = From.ToString();
        if (Until is { } until) data["until"] = until.ToString();
        if (Territories is not null) data["territories"] = new JsonArray([.. Territories.Select(t => (JsonNode)t)]);
        data["terms"] = Terms.ToJson();
        return new EventDraft(EventTypes.LicenseGranted, data);
    }

    public static bool TryRead(JsonElement data, out LicenseGranted value, out string? problem)
    {
        var r = new DataReader(data);
        var works = r.WorksOrEverything("works");
        IdentityId? owner = r.Has("owner") ? r.Did("owner") : null;
        var licenseeText = r.String("licensee");
        IdentityId? licensee = null;
        if (licenseeText != Everything)
        {
            if (IdentityId.TryParse(licenseeText, out var l)) licensee = l;
            else r.Fail("\"licensee\" must be a did:key or \"*\"");
        }
        var uses = r.Uses("uses");
        var commercial = r.Boolean("commercial");
        var from = r.Time("from");
        LedgerTime? until = r.Has("until") ? r.Time("until") : null;
        if (!Window.TryCreate(from, until, out var window)) r.Fail("\"until\" must be later than \"from\"");
        IReadOnlyList<string>? territories = null;
        if (r.Has("territories"))
        {
            territories = r.Strings("territories");
            if (territories.Any(t => !IsTerritory(t))) r.Fail("\"territories\" must hold ISO 3166-1 alpha-2 codes");
        }
        var terms = LicenseTerms.Read(r.Element("terms"), ref r);
        value = new LicenseGranted(works, owner, licensee, uses, commercial, window ?? new Window(from), territories, terms);
        problem = r.Problem;
        return problem is null;
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex TerritoryPattern();
}
