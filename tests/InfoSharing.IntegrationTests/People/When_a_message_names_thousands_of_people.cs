using InfoSharing.Domain.People;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Matching;
using InfoSharing.Worker.Features.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

public sealed class When_a_message_names_thousands_of_people(InfraFixture infra) : IntegrationTest(infra)
{
    private static List<PreparedPerson> People(int count) =>
        Enumerable.Range(0, count).Select(i => PreparedPerson.Prepare(Matching.PersonRecord.From(
            new PersonDetails
            {
                GivenName = $"Given{i}",
                FamilyName = $"Family{i}",
                BirthDate = new DateOnly(1960, 1, 1).AddDays(i),
                Sex = AdministrativeSex.Male,
                Postcode = $"ZZ{i % 90 + 10} {i % 9}AA",
                NhsNumber = NhsNumber.Parse(Examples.SyntheticNhs(1000 + i)),
            },
            $"r{i}"))).ToList();

    [Fact]
    public async Task The_transaction_holds_a_bounded_number_of_advisory_locks()
    {
        // 5,000 people have about 20,000 distinct lock keys: one advisory lock each would fill PostgreSQL's shared lock
        // table (max_locks_per_transaction x max_connections, 6,400 by default) for every session.
        var buckets = PersonLocks.Buckets(People(5000), 1 << 20);
        Assert.True(buckets.Length > 10_000, $"{buckets.Length} buckets");

        await using var db = Infra.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var escalated = await PersonLocks.TakeAsync(db, buckets, 512, TestContext.Current.CancellationToken);

        Assert.True(escalated);
        Assert.Equal(1, await AdvisoryLocksHeldAsync(db));
    }

    [Fact]
    public async Task A_small_batch_takes_its_own_buckets_in_order_under_the_shared_index_lock()
    {
        var buckets = PersonLocks.Buckets(People(10), 1 << 20);
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(buckets.Distinct(), buckets);

        await using var db = Infra.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var escalated = await PersonLocks.TakeAsync(db, buckets, 512, TestContext.Current.CancellationToken);

        Assert.False(escalated);
        Assert.Equal(buckets.Length + 1, await AdvisoryLocksHeldAsync(db));
    }

    private static Task<int> AdvisoryLocksHeldAsync(Data.InfoSharingDbContext db) =>
        db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()").SingleAsync();
}
