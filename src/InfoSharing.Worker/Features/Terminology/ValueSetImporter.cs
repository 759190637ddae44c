using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Terminology;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>What an import did. <c>Imported</c> is false when the file is the version already in force for the kind (nothing changed).</summary>
public sealed record ImportResult(bool Imported, string Kind, string Version, int Codes, int Added, int Removed, int ChildrenToReevaluate, string Previous);

/// <summary>
/// Stores a ValueSet expansion as a new version of one kind's value set, in one transaction with its audit entry and a
/// re-evaluation request for every child whose picture holds a coded indicator: stored facts are read again under the
/// new version (decision 0015), so a code taken out of a value set withdraws what rested on it.
/// </summary>
public sealed class ValueSetImporter(TimeProvider time)
{
    public async Task<ImportResult> ImportAsync(
        InfoSharingDbContext db, string kind, byte[] json, string? version, string importedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!IndicatorKinds.IsKnown(kind))
        {
            throw new ValueSetFormatException($"'{kind}' is not an indicator kind; kinds: {string.Join(", ", IndicatorKinds.All)}.");
        }

        var now = time.GetUtcNow();
        var parsed = ValueSetJson.Read(json, kind, version ?? "pending", ValueSetOrigins.Imported);
        var content = Encoding.UTF8.GetString(json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(json));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One import at a time per kind, so that two terminology leads cannot both take the next label.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"terminology:" + kind}))", cancellationToken);
        var inForce = await db.ValueSetVersions.Where(v => v.Kind == kind).OrderByDescending(v => v.Seq).FirstOrDefaultAsync(cancellationToken);
        var previous = inForce is null ? IndicatorTerminology.BuiltIn.ValueSets[kind] : ValueSetsInForce.ToValueSet(inForce);
        if (inForce?.ContentSha256 == hash)
        {
            return new ImportResult(false, kind, inForce.Version, parsed.Codes.Count, 0, 0, 0, previous.ToString());
        }

        var label = version ?? await NextLabelAsync(db, kind, now, cancellationToken);
        if (await db.ValueSetVersions.AnyAsync(v => v.Kind == kind && v.Version == label, cancellationToken))
        {
            throw new ValueSetFormatException($"Version '{label}' of '{kind}' was imported before; choose another --version.");
        }

        var before = previous.Codes.Select(c => (c.System, c.Code)).ToHashSet();
        var after = parsed.Codes.Select(c => (c.System, c.Code)).ToHashSet();
        var row = new ValueSetVersion
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Version = label,
            Url = parsed.Url,
            SourceVersion = parsed.SourceVersion,
            Title = parsed.Title,
            ExpansionTimestamp = parsed.ExpansionTimestamp,
            CodeCount = parsed.Codes.Count,
            Content = content,
            ContentSha256 = hash,
            ImportedAt = now,
            ImportedBy = importedBy,
        };
        db.ValueSetVersions.Add(row);
        var added = after.Except(before).Count();
        var removed = before.Except(after).Count();
        db.Record(AuditLog.ValueSetImported, $"terminology-lead:{importedBy}", now, [row.Id], new
        {
            valueSetVersionId = row.Id,
            kind,
            version = label,
            url = parsed.Url,
            sourceVersion = parsed.SourceVersion,
            expansionTimestamp = parsed.ExpansionTimestamp,
            codes = parsed.Codes.Count,
            added,
            removed,
            replaces = previous.ToString(),
            sha256 = hash,
        });
        await db.SaveChangesAsync(cancellationToken);
        var children = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO person.reevaluation_requests (id, child_id, cause, person_merge_id, value_set_version_id, requested_at, processed_at)
            SELECT gen_random_uuid(), c.id, 'terminology', NULL, {row.Id}, {now}, NULL
            FROM linkage.children c
            WHERE c.merged_into_child_id IS NULL AND EXISTS (
                SELECT 1 FROM person.risk_indicators i
                WHERE i.codings IS NOT NULL
                  AND (i.person_id = c.mother_person_id OR i.person_id = c.infant_person_id
                       OR i.person_id IN (SELECT r.person_id FROM linkage.relationships r WHERE r.child_id = c.id)))
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(true, kind, label, parsed.Codes.Count, added, removed, children, previous.ToString());
    }

    /// <summary>The day's next label: 2026-12-01.1, 2026-12-01.2, ...</summary>
    private static async Task<string> NextLabelAsync(InfoSharingDbContext db, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var taken = await db.ValueSetVersions.Where(v => v.Kind == kind && v.Version.StartsWith(day + ".")).Select(v => v.Version).ToListAsync(cancellationToken);
        var n = 1;
        while (taken.Contains($"{day}.{n}", StringComparer.Ordinal))
        {
            n++;
        }

        return $"{day}.{n}";
    }
}
