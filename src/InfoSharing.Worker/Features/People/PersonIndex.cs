using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.People;
using InfoSharing.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.People;

/// <summary>The person a record resolved to, with the rule and confidence of that decision.</summary>
public sealed record ResolvedPerson(Person Person, PersonRecord Record);

/// <summary>
/// Decides who each person record is. Today: deterministic on a valid NHS number, otherwise a new person.
/// This is the seam where probabilistic (Fellegi-Sunter) matching joins: it will return a match, a new person,
/// or a review task, with the weights that decided it.
/// </summary>
public sealed class PersonIndex(TimeProvider time)
{
    public const string NhsNumberRule = "nhs-number-exact";
    public const string NewPersonRule = "new-person";
    public const string ModelVersion = "deterministic-nhs-number-1";
    private const string Actor = "worker:person-index";

    public async Task<ResolvedPerson> ResolveAsync(
        InfoSharingDbContext db, InboundMessage source, PersonDetails details, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(details);
        var now = time.GetUtcNow();
        var person = await FindByNhsNumberAsync(db, details.TrustedNhsNumber, cancellationToken);
        var rule = person is null ? NewPersonRule : NhsNumberRule;
        if (person is null)
        {
            // A race with another replica on the same new number ends in a unique violation; the transaction is
            // re-run and then finds the winner's row.
            person = new Person { Id = Guid.CreateVersion7(), NhsNumber = details.TrustedNhsNumber, CreatedAt = now };
            db.Persons.Add(person);
        }

        var record = new PersonRecord
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            InboundMessageId = source.Id,
            Agency = source.Agency,
            Role = role,
            LocalId = details.LocalId,
            NhsNumber = details.NhsNumber?.Value,
            NhsNumberValid = details.NhsNumber?.IsValid ?? false,
            GivenName = details.GivenName,
            FamilyName = details.FamilyName,
            BirthDate = details.BirthDate,
            Sex = details.Sex,
            Postcode = details.Postcode,
            LinkRule = rule,
            LinkConfidence = 1m,
            CreatedAt = now,
        };
        db.PersonRecords.Add(record);
        db.Record(AuditLog.PersonLinked, Actor, now, [person.Id, record.Id, source.Id], new
        {
            personRecordId = record.Id,
            personId = person.Id,
            decision = rule == NewPersonRule ? "created" : "joined",
            rule,
            confidence = record.LinkConfidence,
            agency = source.Agency,
            inboundMessageId = source.Id,
            role,
            nhsNumberTrusted = details.TrustedNhsNumber is not null,
            modelVersion = ModelVersion,
        });
        return new ResolvedPerson(person, record);
    }

    private static async Task<Person?> FindByNhsNumberAsync(InfoSharingDbContext db, string? nhsNumber, CancellationToken cancellationToken)
    {
        if (nhsNumber is null)
        {
            return null;
        }

        return db.Persons.Local.FirstOrDefault(p => p.NhsNumber == nhsNumber)
            ?? await db.Persons.FirstOrDefaultAsync(p => p.NhsNumber == nhsNumber, cancellationToken);
    }
}
