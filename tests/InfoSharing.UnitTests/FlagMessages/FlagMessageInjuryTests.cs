using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.UnitTests.FlagMessages;

public sealed class When_an_urgent_injury_flag_is_written
{
    private static Flag FlagFor(params string[] injuries) =>
        Assert.Single(Content.Build(Content.ForUnbornChild() with
        {
            Code = FlagCodes.NonMobileInfantInjury,
            Display = "Injury recorded for a baby who is not yet mobile",
            Injuries = injuries,
        }).Entry.Select(e => e.Resource).OfType<Flag>());

    [Fact]
    public void The_message_says_which_injuries()
    {
        var flag = FlagFor(IndicatorKinds.InfantBruising, IndicatorKinds.InfantFracture);

        Assert.Equal("Injury recorded for a baby who is not yet mobile: bruising; fracture", flag.Code.Text);
        Assert.Equal(
            [IndicatorKinds.InfantBruising, IndicatorKinds.InfantFracture],
            flag.Extension.Where(e => e.Url == FhirUrls.InjuryExtension).Select(e => Assert.IsType<Coding>(e.Value).Code));
        Assert.Equal(FlagCodes.NonMobileInfantInjury, flag.Code.Coding.Single().Code);
    }

    [Fact]
    public void Another_flag_names_no_injury()
    {
        var flag = FlagFor();

        Assert.Equal("Injury recorded for a baby who is not yet mobile", flag.Code.Text);
        Assert.DoesNotContain(flag.Extension, e => e.Url == FhirUrls.InjuryExtension);
    }
}
