using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.AgencyMessages.Tests;

public class When_a_marac_case_is_listed_with_an_unborn_child
{
    private const string MaracRole = "https://fhir.infosharing.uk/CodeSystem/marac-role";

    private readonly AgencyExtract _extract = MaracExamples.Read(MaracExamples.Listed, "marac.case-listed.v1");

    [Fact]
    public void Records_the_case_as_listed_with_its_risk_date_and_police_reference()
    {
        Assert.Equal(
            new MaracCaseStatement("MARAC-EX-2026-0042", "listed", "high", new DateOnly(2026, 12, 3), "EX/26/123456", "MRC-P-501", ["MRC-P-502"], [], [new DateOnly(2027, 3, 15)]),
            Assert.Single(_extract.MaracCases),
            MaracCaseComparer.Instance);
    }

    [Fact]
    public void Gives_the_victim_and_the_alleged_perpetrator_domestic_abuse_indicators_from_referral()
    {
        Assert.Equal(
            [
                new RiskIndicatorStatement("MRC-P-501", IndicatorKinds.DomesticAbuseVictim, new RelationshipCode(MaracRole, "victim"), "MARAC case: victim", new DateOnly(2026, 11, 20), null),
                new RiskIndicatorStatement("MRC-P-502", IndicatorKinds.DomesticAbusePerpetrator, new RelationshipCode(MaracRole, "alleged-perpetrator"), "MARAC case: alleged perpetrator", new DateOnly(2026, 11, 20), null),
            ],
            _extract.Indicators);
    }

    [Fact]
    public void The_unborn_child_is_the_victims_pregnancy()
    {
        Assert.Equal([new Pregnancy("MRC-P-501", new DateOnly(2027, 3, 15))], _extract.Pregnancies);
    }

    [Fact]
    public void The_current_partner_is_the_mothers_partner_to_her_and_her_unborn_child()
    {
        var code = new RelationshipCode("https://fhir.infosharing.uk/CodeSystem/marac-relationship", "current-partner");
        Assert.Equal(
            [
                new StatedRelationship("MRC-P-502", "MRC-P-501", RelationshipTarget.Adult, RelationshipType.MothersPartner, code),
                new StatedRelationship("MRC-P-502", "MRC-P-501", RelationshipTarget.UnbornChildOf, RelationshipType.MothersPartner, code),
            ],
            _extract.Relationships);
    }

    [Fact]
    public void Names_the_victim_and_the_alleged_perpetrator_by_role()
    {
        Assert.Equal(["MRC-P-501:victim", "MRC-P-502:alleged-perpetrator"], _extract.People.Select(p => $"{p.Key}:{p.Role}"));
    }

    [Fact]
    public void A_pregnancy_whose_mother_is_not_the_victim_is_not_hers()
    {
        var message = RepoFiles.Json(MaracExamples.Listed);
        message["unbornChildren"]![0]!["motherIsVictim"] = false;

        var extract = AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", RepoFiles.Bytes(message));

        Assert.Empty(extract.Pregnancies);
        Assert.Equal([new DateOnly(2027, 3, 15)], Assert.Single(extract.MaracCases).UnbornExpectedDeliveryDates);
        Assert.DoesNotContain(extract.Relationships, r => r.Target == RelationshipTarget.UnbornChildOf);
    }
}

/// <summary>Records holding lists compare by reference; this compares a case statement by its content.</summary>
internal sealed class MaracCaseComparer : IEqualityComparer<MaracCaseStatement>
{
    public static readonly MaracCaseComparer Instance = new();

    public bool Equals(MaracCaseStatement? x, MaracCaseStatement? y) =>
        x is not null && y is not null
        && Flat(x) == Flat(y);

    public int GetHashCode(MaracCaseStatement obj) => Flat(obj).GetHashCode(StringComparison.Ordinal);

    private static string Flat(MaracCaseStatement s) =>
        $"{s.CaseRef}|{s.Event}|{s.RiskLevel}|{s.Date}|{s.PoliceReference}|{s.VictimKey}|{string.Join(',', s.PerpetratorKeys)}|{string.Join(',', s.ChildKeys)}|{string.Join(',', s.UnbornExpectedDeliveryDates)}";
}
