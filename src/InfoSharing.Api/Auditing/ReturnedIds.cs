namespace InfoSharing.Api.Auditing;

/// <summary>One id a response returned, and what it names (child, person, relationship, flag, message...).</summary>
public readonly record struct ReturnedId(string Kind, Guid Id);

/// <summary>
/// A response that says which internal ids it returned, so that the audit entry of the read records what the caller
/// saw without copying any personal data. A method, not a property, so that it is not serialized.
/// </summary>
public interface IReturnsIds
{
    IEnumerable<ReturnedId> ReturnedIds();
}
