namespace InfoSharing.Matching.Live;

/// <summary>
/// A record already in the index, with the person it belongs to and the blocking rule that found it
/// (several records of one person may be candidates; the decision is made per person).
/// </summary>
public sealed record MatchCandidate(string PersonId, PreparedPerson Record, string? BlockingRule = null)
{
    public static MatchCandidate From(string personId, PersonRecord record, string? blockingRule = null) =>
        new(personId, PreparedPerson.Prepare(record), blockingRule);
}
