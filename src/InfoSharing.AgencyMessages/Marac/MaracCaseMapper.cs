using System.Text.Json;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.AgencyMessages.Marac;

/// <summary>
/// <c>marac.case-listed.v1</c>, <c>marac.case-reviewed.v1</c>, <c>marac.case-closed.v1</c>: each carries the case
/// as it stands. The victim and each alleged perpetrator get a domestic-abuse indicator from the referral date;
/// a closure keeps them (the history matters) and only the case event says "closed". An unborn child whose mother
/// the message says is the victim is her pregnancy; a perpetrator who is her current partner is the mother's partner.
/// </summary>
internal static class MaracCaseMapper
{
    public const string RoutingKey = "marac.case";

    private static readonly Dictionary<string, string> EventByType = new(StringComparer.Ordinal)
    {
        ["marac.case-listed.v1"] = "listed",
        ["marac.case-reviewed.v1"] = "reviewed",
        ["marac.case-closed.v1"] = "closed",
    };

    public static IEnumerable<string> MessageTypes => EventByType.Keys;

    public static AgencyExtract Map(string messageType, JsonElement root)
    {
        var caseEvent = EventByType[messageType];
        var referralDate = MessageJson.Date(root, "referralDate", string.Empty);
        var keys = new HashSet<string>(StringComparer.Ordinal);

        var victim = Person(root.GetProperty("victim"), "/victim", "victim", keys);
        var perpetrators = new List<(ExtractedPerson Person, string RelationshipToVictim)>();
        var index = 0;
        foreach (var item in MessageJson.Items(root, "allegedPerpetrators"))
        {
            var person = Person(item.GetProperty("person"), $"/allegedPerpetrators/{index++}/person", "alleged-perpetrator", keys);
            perpetrators.Add((person, MessageJson.Required(item, "relationshipToVictim")));
        }

        index = 0;
        var children = MessageJson.Items(root, "children")
            .Select(child => Person(child, $"/children/{index++}", "child", keys))
            .ToList();

        index = 0;
        var unborn = new List<(DateOnly Edd, bool MotherIsVictim)>();
        foreach (var item in MessageJson.Items(root, "unbornChildren"))
        {
            unborn.Add((MessageJson.Date(item, "expectedDeliveryDate", $"/unbornChildren/{index++}")!.Value, MessageJson.Flag(item, "motherIsVictim")));
        }

        var victimsPregnancies = unborn.Where(u => u.MotherIsVictim).Select(u => u.Edd).Distinct().ToList();

        return new AgencyExtract
        {
            People = [victim, .. perpetrators.Select(p => p.Person), .. children],
            Pregnancies = [.. victimsPregnancies.Select(edd => new Pregnancy(victim.Key, edd))],
            Relationships = [.. PartnerRelationships(victim.Key, perpetrators, victimsPregnancies.Count > 0)],
            Indicators =
            [
                Indicator(victim.Key, IndicatorKinds.DomesticAbuseVictim, "victim", "MARAC case: victim", referralDate),
                .. perpetrators.Select(p => Indicator(
                    p.Person.Key, IndicatorKinds.DomesticAbusePerpetrator, "alleged-perpetrator", "MARAC case: alleged perpetrator", referralDate)),
            ],
            MaracCases =
            [
                new MaracCaseStatement(
                    MessageJson.Required(root, "caseRef"),
                    caseEvent,
                    MessageJson.Required(root, "riskLevel"),
                    MessageJson.Date(root, caseEvent == "closed" ? "closedDate" : "meetingDate", string.Empty),
                    MessageJson.Optional(root, "policeReference"),
                    victim.Key,
                    [.. perpetrators.Select(p => p.Person.Key)],
                    [.. children.Select(c => c.Key)],
                    [.. unborn.Select(u => u.Edd)]),
            ],
        };
    }

    private static ExtractedPerson Person(JsonElement person, string pointer, string role, HashSet<string> keys)
    {
        var details = AgencyPeople.Read(person, pointer);
        AgencyPeople.AddUnique(keys, details.LocalId!, pointer);
        return new ExtractedPerson(details.LocalId!, details, role);
    }

    private static IEnumerable<StatedRelationship> PartnerRelationships(
        string victimKey, List<(ExtractedPerson Person, string RelationshipToVictim)> perpetrators, bool victimIsPregnant)
    {
        foreach (var (person, relationship) in perpetrators.Where(p => p.RelationshipToVictim == "current-partner"))
        {
            var code = new RelationshipCode(AgencyCodeSystems.MaracRelationship, relationship);
            yield return new StatedRelationship(person.Key, victimKey, RelationshipTarget.Adult, RelationshipType.MothersPartner, code);
            if (victimIsPregnant)
            {
                yield return new StatedRelationship(person.Key, victimKey, RelationshipTarget.UnbornChildOf, RelationshipType.MothersPartner, code);
            }
        }
    }

    private static RiskIndicatorStatement Indicator(string key, string kind, string role, string display, DateOnly? from) =>
        new(key, kind, new RelationshipCode(AgencyCodeSystems.MaracRole, role), display, from, EffectiveTo: null);
}
