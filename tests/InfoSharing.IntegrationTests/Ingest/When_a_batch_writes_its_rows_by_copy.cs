using System.Data.Common;
using System.Text;
using System.Text.Json;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.People;
using InfoSharing.Domain.People;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfoSharing.IntegrationTests.Ingest;

/// <summary>
/// Inside a transaction the caller opened, the context writes large sets of added rows by binary COPY (decision 0022)
/// and EF's INSERTs are not sent for them; outside one, EF inserts as before. Either way every column reads back as
/// it was set: enums stored as text, jsonb, bytea, arrays of uuid and date, numeric, nulls, a constant default, and
/// audit entries numbered from the sequence.
/// </summary>
public sealed class When_a_batch_writes_its_rows_by_copy(InfraFixture infra) : IntegrationTest(infra)
{
    private const int Rows = 12;

    [Fact]
    public async Task Rows_copied_inside_a_transaction_read_back_exactly_as_rows_ef_inserts()
    {
        var copied = await SaveAsync(inTransaction: true, first: 0);
        var inserted = await SaveAsync(inTransaction: false, first: Rows);

        Assert.DoesNotContain(copied.Commands, c => c.Contains("INSERT INTO", StringComparison.Ordinal));
        Assert.Contains(copied.Commands, c => c.Contains("nextval('audit.entry_numbers')", StringComparison.Ordinal));
        foreach (var table in new[] { "inbound_messages", "persons", "person_records", "risk_indicators", "contacts", "marac_case_events", "entries" })
        {
            Assert.Contains(inserted.Commands, c => c.Contains("INSERT INTO", StringComparison.Ordinal) && c.Contains(table, StringComparison.Ordinal));
        }

        await using var db = Infra.CreateDbContext();
        foreach (var graph in new[] { copied.Graph, inserted.Graph })
        {
            await AssertReadsBackAsync(db, graph.Messages, ids => db.InboundMessages.Where(m => ids.Contains(m.Id)));
            await AssertReadsBackAsync(db, graph.Persons, ids => db.Persons.Where(p => ids.Contains(p.Id)));
            await AssertReadsBackAsync(db, graph.Records, ids => db.PersonRecords.Where(r => ids.Contains(r.Id)));
            await AssertReadsBackAsync(db, graph.Indicators, ids => db.RiskIndicators.Where(i => ids.Contains(i.Id)));
            await AssertReadsBackAsync(db, graph.Contacts, ids => db.Contacts.Where(c => ids.Contains(c.Id)));
            await AssertReadsBackAsync(db, graph.Cases, ids => db.MaracCaseEvents.Where(c => ids.Contains(c.Id)));
            await AssertReadsBackAsync(db, graph.Audit, ids => db.AuditEntries.Where(e => ids.Contains(e.Id)));
            Assert.All(graph.Audit, e => Assert.True(e.EntryNo > 0));
            Assert.Equal(graph.Audit.Select(e => e.EntryNo).Order(), graph.Audit.Select(e => e.EntryNo));
        }
    }

    [Fact]
    public async Task A_copy_that_breaks_a_constraint_fails_the_save_as_an_update_error_and_writes_nothing()
    {
        var graph = Build(Rows, 0);
        graph.Records[3].PersonId = Guid.CreateVersion7(); // no such person

        await using var db = Infra.CreateDbContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            graph.AddTo(db);
            var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal("23503", Assert.IsType<Npgsql.PostgresException>(failure.InnerException).SqlState);
        }

        Assert.Equal(0, await Infra.QueryAsync(q => q.InboundMessages.CountAsync()));
        Assert.Equal(0, await Infra.QueryAsync(q => q.PersonRecords.CountAsync()));
    }

    private async Task<(Graph Graph, List<string> Commands)> SaveAsync(bool inTransaction, int first)
    {
        var graph = Build(Rows, first);
        var commands = new CommandLog();
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, Infra.PostgresConnectionString);
        options.AddInterceptors(commands);
        await using var db = new InfoSharingDbContext(options.Options);
        graph.AddTo(db);
        if (inTransaction)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        else
        {
            await db.SaveChangesAsync();
        }

        return (graph, commands.Texts);
    }

    /// <summary>Every mapped property of each row as read back equals the value it was saved with.</summary>
    private static async Task AssertReadsBackAsync<T>(InfoSharingDbContext db, IReadOnlyList<T> saved, Func<List<Guid>, IQueryable<T>> query)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var key = type.FindPrimaryKey()!.Properties[0];
        var ids = saved.Select(s => (Guid)db.Entry(s).Property(key.Name).CurrentValue!).ToList();
        var read = await query(ids).AsNoTracking().ToListAsync();
        Assert.Equal(saved.Count, read.Count);
        foreach (var row in saved)
        {
            var id = db.Entry(row).Property(key.Name).CurrentValue;
            var back = read.Single(r => Equals(db.Entry(r).Property(key.Name).CurrentValue, id));
            foreach (var property in type.GetProperties().Where(p => !p.IsShadowProperty()))
            {
                var expected = JsonSerializer.Serialize(property.PropertyInfo!.GetValue(row));
                var actual = JsonSerializer.Serialize(property.PropertyInfo!.GetValue(back));
                Assert.True(expected == actual, $"{typeof(T).Name}.{property.Name}: saved {expected}, read back {actual}");
            }
        }
    }

    /// <summary>A batch's worth of rows of several kinds, with every fourth optional value left null.</summary>
    private static Graph Build(int count, int first)
    {
        var graph = new Graph();
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1230); // whole microseconds: what PostgreSQL keeps
        for (var i = first; i < first + count; i++)
        {
            var sparse = i % 4 == 0;
            var message = new InboundMessage
            {
                Id = Guid.CreateVersion7(),
                Agency = "gp",
                MessageId = $"copy-{Guid.NewGuid():N}",
                RoutingKey = "gp.fhir",
                ContentType = sparse ? null : "application/fhir+json",
                SentAt = sparse ? null : at.AddMinutes(i),
                ReceivedAt = at.AddMinutes(i).AddSeconds(1),
                Headers = $$"""{"n": "{{i}}", "traceparent": "00-{{i:x32}}-{{i:x16}}-01"}""", // jsonb's own form (it reorders keys)
                Body = Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Bundle\",\"n\":{i}}}"),
                BodySha256 = sparse ? null : [1, 2, (byte)i],
                Status = i % 3 == 0 ? InboundStatus.Rejected : InboundStatus.Accepted,
                ErrorCode = i % 3 == 0 ? "invalid-fhir" : null,
            };
            var person = new Person { Id = Guid.CreateVersion7(), NhsNumber = sparse ? null : $"9{i:D9}", CreatedAt = at };
            var record = new PersonRecord
            {
                Id = Guid.CreateVersion7(),
                PersonId = person.Id,
                InboundMessageId = message.Id,
                Agency = "gp",
                Role = "patient",
                LocalId = sparse ? null : $"P{i}",
                NhsNumber = person.NhsNumber,
                NhsNumberValid = !sparse,
                GivenName = sparse ? null : "Synthetic",
                FamilyName = "Testperson",
                BirthDate = sparse ? null : new DateOnly(1990, 1, 1).AddDays(i),
                Sex = (AdministrativeSex)(i % 4),
                Postcode = sparse ? null : "ZZ99 3AB",
                LinkRule = "new-person",
                LinkConfidence = 0.9876m - (i / 10000m),
                MatchWeight = sparse ? null : 12.5 + i,
                MatchContributions = sparse ? null : $$"""[{"field": "family_name", "weight": {{i}}.5}]""",
                CreatedAt = at,
            };
            graph.Messages.Add(message);
            graph.Persons.Add(person);
            graph.Records.Add(record);
            graph.Indicators.Add(new RiskIndicator
            {
                Id = Guid.CreateVersion7(),
                PersonId = person.Id,
                PersonRecordId = record.Id,
                InboundMessageId = message.Id,
                Agency = "gp",
                Kind = sparse ? null : "mental-health",
                Code = sparse ? null : "35489007",
                CodeSystem = sparse ? null : "http://snomed.info/sct",
                Codings = sparse ? null : """[{"code": "35489007", "system": "http://snomed.info/sct"}]""",
                EffectiveFrom = sparse ? null : new DateOnly(2020, 1, 1),
                Active = !sparse,
                EnteredInError = i % 5 == 0,
                StatedAt = at,
                RecordedAt = at,
            });
            graph.Contacts.Add(new AgencyContact
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                Agency = "gp",
                SubjectPersonId = person.Id,
                Date = sparse ? null : new DateOnly(2026, 1, 1),
                Kind = "home-visit",
                PresentPersonIds = sparse ? [] : [person.Id, Guid.CreateVersion7()],
                RecordedAt = at,
            });
            graph.Cases.Add(new MaracCaseEvent
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                CaseRef = $"M-{i}",
                Event = "referral",
                RiskLevel = "high",
                PoliceReference = sparse ? null : $"PR{i}",
                Date = new DateOnly(2026, 2, 1),
                VictimPersonId = person.Id,
                PerpetratorPersonIds = [person.Id],
                ChildPersonIds = sparse ? [] : [Guid.CreateVersion7()],
                UnbornExpectedDeliveryDates = sparse ? [] : [new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 2)],
                RecordedAt = at,
            });
        }

        return graph;
    }

    private sealed class Graph
    {
        public List<InboundMessage> Messages { get; } = [];

        public List<Person> Persons { get; } = [];

        public List<PersonRecord> Records { get; } = [];

        public List<RiskIndicator> Indicators { get; } = [];

        public List<AgencyContact> Contacts { get; } = [];

        public List<MaracCaseEvent> Cases { get; } = [];

        public List<AuditEntry> Audit { get; } = [];

        public void AddTo(InfoSharingDbContext db)
        {
            db.InboundMessages.AddRange(Messages);
            db.Persons.AddRange(Persons);
            db.PersonRecords.AddRange(Records);
            db.RiskIndicators.AddRange(Indicators);
            db.Contacts.AddRange(Contacts);
            db.MaracCaseEvents.AddRange(Cases);
            foreach (var record in Records)
            {
                Audit.Add(db.Record(AuditLog.PersonLinked, "test:copy", record.CreatedAt, [record.PersonId, record.Id], new { personRecordId = record.Id, weight = record.MatchWeight }));
            }
        }
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
