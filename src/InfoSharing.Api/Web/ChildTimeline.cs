using System.Globalization;
using System.Text.Json;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Features.Flags;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Data.Audit;

namespace InfoSharing.Api.Web;

/// <summary>One moment on a child's timeline: what happened, and the evidence beneath it.</summary>
public sealed record TimelineEvent(DateTimeOffset At, string Kind, string Title, IReadOnlyList<string> Details);

/// <summary>
/// A child's history (the read of GET /api/children/{childId}/history) and its flags' versions and disclosures (the
/// read of GET /api/flags/{flagId}/history) laid out as one timeline, oldest first: the child becoming known, each
/// man linked and on what evidence, the records beneath, the indicators the flag rules read, the birth, reviewers' merges and unmerges, every flag
/// version, and every disclosure (who was told what, and when).
/// </summary>
public static class ChildTimeline
{
    public const string Child = "child";
    public const string Link = "link";
    public const string Flag = "flag";
    public const string Told = "told";
    public const string Review = "review";
    public const string Indicator = "indicator";

    public static List<TimelineEvent> Build(ChildHistoryResponse history, IReadOnlyList<FlagHistoryResponse> flags)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(flags);
        var events = new List<TimelineEvent>
        {
            new(history.KnownSince, Child, history.ExpectedDeliveryDate is { } due && history.Kind == "unborn"
                ? $"Pregnancy known (due {Display.Date(due)})"
                : "Child known", [$"Mother: NHS {Display.Nhs(history.MotherNhsNumber)}"]),
        };

        foreach (var person in history.LinkedPeople)
        {
            foreach (var relationship in person.Relationships)
            {
                var details = new List<string>
                {
                    $"Rule {relationship.Rule}, confidence {Display.Percent(relationship.Confidence)}; in force from {Display.Time(relationship.ValidFrom)}"
                        + (relationship.ValidTo is { } to ? $" to {Display.Time(to)}" : string.Empty) + $" ({relationship.State})",
                };
                details.AddRange(relationship.Evidence.Select(e =>
                    $"Stated by {e.Agency} in message {e.MessageId ?? "–"} ({e.CodeSystem.Split('/')[^1]} {e.Code}), {Display.Time(e.RecordedAt)}"));
                details.AddRange(person.PersonLinks.Select(l =>
                    $"Person link: the {l.Agency} record ({l.Role}) joined by {l.Rule}, confidence {Display.Percent(l.Confidence)}"));
                events.Add(new TimelineEvent(
                    relationship.RecordedAt,
                    Link,
                    $"Man linked as {relationship.Type.Replace('-', ' ')}: NHS {Display.Nhs(person.NhsNumber)} (person {Short(person.PersonId)})",
                    details));
            }
        }

        foreach (var indicator in history.Indicators)
        {
            var who = indicator.PersonId == history.MotherPersonId ? "the mother"
                : indicator.PersonId == history.InfantPersonId ? "the infant"
                : $"linked man (person {Short(indicator.PersonId)})";
            events.Add(new TimelineEvent(
                indicator.RecordedAt,
                Indicator,
                indicator.Kind is { } kind
                    ? $"Indicator recorded by {indicator.Agency}: {kind.Replace('-', ' ')}, about {who}"
                    : $"Indicator ended by {indicator.Agency}, about {who}",
                [(indicator.Code is { } code ? $"{(indicator.CodeSystem ?? "local").Split('/')[^1]} {code}; " : string.Empty)
                    + (indicator.EnteredInError ? "entered in error" : indicator.Active ? "active" : "not active")
                    + (indicator.Certainty is { } certainty ? $", {certainty}" : string.Empty)
                    + (indicator.EffectiveFrom is { } from ? $" from {Display.Date(from)}" : string.Empty)
                    + (indicator.EffectiveTo is { } to ? $" to {Display.Date(to)}" : string.Empty)]));
        }

        foreach (var change in history.Changes.Items)
        {
            switch (change.Kind)
            {
                case AuditLog.BirthRecorded:
                    events.Add(new TimelineEvent(change.RecordedAt, Child, "Birth recorded", [$"Infant: NHS {Display.Nhs(history.InfantNhsNumber)}"]));
                    break;
                case AuditLog.PersonsMerged or AuditLog.PersonUnmerged or AuditLog.ReviewDecided:
                    events.Add(new TimelineEvent(change.RecordedAt, Review, ReviewTitle(change), ReviewDetails(change)));
                    break;
                case AuditLog.ChildrenMerged:
                    events.Add(new TimelineEvent(change.RecordedAt, Child, "Infant known on its own joined to this pregnancy", []));
                    break;
                default:
                    break;
            }
        }

        foreach (var flag in flags)
        {
            foreach (var version in flag.Versions)
            {
                events.Add(new TimelineEvent(
                    version.RecordedAt,
                    Flag,
                    $"Flag {flag.Code}: {version.Event.Replace("flag-", string.Empty)}, version {version.Version}, {version.Status}",
                    [$"Catalogue {version.CatalogueVersion}"]));
            }

            foreach (var disclosure in flag.Disclosures)
            {
                events.Add(new TimelineEvent(
                    disclosure.SentAt ?? disclosure.QueuedAt,
                    Told,
                    disclosure.SentAt is null
                        ? $"{disclosure.Subscriber} to be told: {flag.Code}, version {disclosure.FlagVersion} (queued, not yet sent)"
                        : $"{disclosure.Subscriber} told: {flag.Code}, version {disclosure.FlagVersion}",
                    [$"Message {disclosure.MessageId}, queued {Display.Time(disclosure.QueuedAt)}"]));
            }
        }

        return events.OrderBy(e => e.At).ThenBy(e => Order(e.Kind)).ToList();
    }

    private static int Order(string kind) => kind switch
    {
        Child => 0,
        Link => 1,
        Indicator => 2,
        Review => 3,
        Flag => 4,
        _ => 5,
    };

    private static string ReviewTitle(AuditChange change) => change.Kind switch
    {
        AuditLog.PersonsMerged => $"Reviewer merged two people ({change.Actor})",
        AuditLog.PersonUnmerged => $"Reviewer undid a match ({change.Actor})",
        _ => $"Possible match {Text(change.Content, "decision")} ({change.Actor})",
    };

    private static List<string> ReviewDetails(AuditChange change)
    {
        var details = new List<string>();
        if (Text(change.Content, "reason") is { Length: > 0 } reason)
        {
            details.Add($"Reason: {reason}");
        }

        if (change.Purpose is { } purpose)
        {
            details.Add($"Purpose: {purpose}");
        }

        return details;
    }

    private static string Text(JsonElement content, string name) =>
        content.ValueKind == JsonValueKind.Object && content.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string Short(Guid id) => id.ToString("N", CultureInfo.InvariantCulture)[^8..];
}
