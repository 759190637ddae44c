namespace InfoSharing.Api.Auth;

/// <summary>Role claim values. Agency roles are scoped by an additional agency claim (later issues).</summary>
public static class Roles
{
    public const string Auditor = "auditor";
    public const string Reviewer = "reviewer";
    public const string Agency = "agency";
    public const string Admin = "admin";

    public const string AuditorPolicy = "auditor";
    public const string AgencyPolicy = "agency";

    /// <summary>The claim that scopes an agency caller to its own agency code (e.g. midwifery).</summary>
    public const string AgencyClaim = "agency";
}
