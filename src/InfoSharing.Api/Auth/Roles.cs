namespace InfoSharing.Api.Auth;

/// <summary>Role claim values. Agency roles are scoped by an additional agency claim (later issues).</summary>
public static class Roles
{
    public const string Auditor = "auditor";
    public const string Reviewer = "reviewer";
    public const string Agency = "agency";
    public const string Admin = "admin";

    public const string AuditorPolicy = "auditor";
}
