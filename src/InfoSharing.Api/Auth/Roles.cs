namespace InfoSharing.Api.Auth;

/// <summary>Role claim values, and the policies built from them. An agency caller is scoped by its agency claim.</summary>
public static class Roles
{
    public const string Auditor = "auditor";
    public const string Reviewer = "reviewer";
    public const string Agency = "agency";
    public const string Admin = "admin";

    /// <summary>Runs the service: message status by agency, queue depths, the outbox (no personal data).</summary>
    public const string Operator = "operator";

    /// <summary>Auditor or admin: linkage, history, flags, disclosures, the audit log and its verification.</summary>
    public const string AuditorPolicy = "auditor";

    /// <summary>Agency (with an agency claim) or admin: an agency's own messages.</summary>
    public const string AgencyPolicy = "agency";

    /// <summary>Auditor, reviewer or admin: a person's links (a reviewer needs them to decide a possible match).</summary>
    public const string PersonLinksPolicy = "person-links";

    /// <summary>
    /// Admin or auditor: the indicator value set versions and the unmapped-code counts (no personal data; an auditor needs
    /// them to say under which terminology a flag was raised).
    /// </summary>
    public const string TerminologyPolicy = "terminology";

    /// <summary>Reviewer or admin: possible matches, their decisions, merges and unmerges.</summary>
    public const string ReviewerPolicy = "reviewer";

    /// <summary>Operator or admin: the operators' view of messages, queues and the outbox; failed messages and their replay.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>The claim that scopes an agency caller to its own agency code (e.g. midwifery).</summary>
    public const string AgencyClaim = "agency";
}
