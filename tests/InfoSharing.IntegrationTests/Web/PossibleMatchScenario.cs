using System.Globalization;
using System.Text;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.IntegrationTests.People;
using InfoSharing.IntegrationTests.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>
/// Real messages through the broker that leave a possible match whose confirmation raises a flag: housing and the
/// GP know Dean Mockridge (NHS number, a domestic-abuse indicator from the GP); midwifery then books the demo mother
/// naming a Dean Mockridge without NHS number and with another birth date as the father. The matcher cannot be sure,
/// so the father gets a person of his own and a review opens; confirming it links the GP's man to the unborn child,
/// and the flag rules raise linked-male-domestic-abuse.
/// </summary>
internal static class PossibleMatchScenario
{
    public const string ExpectedFlag = "linked-male-domestic-abuse";
    public static readonly string ManNhs = Examples.SyntheticNhs(601);
    private static readonly Man InHousing = new("HSG-P-6001", "Dean", "Mockridge", "1985-03-02", "ZZ9 9ZZ", ManNhs);
    private static readonly Man Father = new("mw-partner-6001", "Dean", "Mockridge", "1990-08-19");

    public sealed record Made(Guid ReviewId, Guid CandidatePersonId, Guid FatherPersonId, Guid ChildId);

    public static async Task<Made> SendAsync(InfraFixture infra, Broker agency, TimeSpan patience)
    {
        await PersonMessages.PublishHousingAsync(infra, "housing-6001", "HSG-6001", InHousing);
        await PersonMessages.WaitForMessagesAsync(infra, 1, patience);
        var gp = Encoding.UTF8.GetString(ScenarioMessages.GpManWithConditions(
                ("domestic-abuse-perpetrator", "Alleged perpetrator of domestic abuse", "Disclosed by partner; referred to MARAC")))
            .Replace("9990000026", ManNhs, StringComparison.Ordinal)
            .Replace("Samplesby", "Mockridge", StringComparison.Ordinal)
            .Replace("Jordan", "Dean", StringComparison.Ordinal)
            .Replace("1997-08-30", "1985-03-02", StringComparison.Ordinal);
        await agency.PublishAsync("gp.fhir", Encoding.UTF8.GetBytes(gp), "gp-6001");
        await PersonMessages.WaitForMessagesAsync(infra, 2, patience);
        await agency.PublishAsync("midwifery.fhir", PersonMessages.BookingNaming(Father), "booking-6001");
        await Publishing.WaitForAsync(infra, db => db.ReviewTasks.AnyAsync(), patience, "a review task");

        var candidate = await infra.QueryAsync(db => db.Persons.Where(p => p.NhsNumber == ManNhs).Select(p => p.Id).SingleAsync());
        var father = await infra.QueryAsync(db => db.PersonRecords.SingleAsync(r => r.LocalId == Father.LocalId));
        var review = await infra.QueryAsync(db => db.ReviewTasks.SingleAsync());
        Assert.Equal(father.Id, review.PersonRecordId);
        Assert.Contains(candidate.ToString(), review.Candidates, StringComparison.Ordinal);
        var child = await infra.QueryAsync(db => db.Relationships.Where(r => r.PersonId == father.PersonId).Select(r => r.ChildId).SingleAsync());
        Assert.False(await infra.QueryAsync(db => db.Flags.AnyAsync(f => f.Code == ExpectedFlag)), "the flag must follow the decision, not come before it");
        return new Made(review.Id, candidate, father.PersonId, child);
    }

    public static object Input(Made made) => new
    {
        motherNhs = Examples.MotherNhs,
        expectedFlag = ExpectedFlag,
        candidateFamilyName = "Mockridge",
        fatherPersonShort = made.FatherPersonId.ToString("N", CultureInfo.InvariantCulture)[^8..],
    };
}
