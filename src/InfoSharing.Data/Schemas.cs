namespace InfoSharing.Data;

/// <summary>One PostgreSQL schema per area of the service.</summary>
public static class Schemas
{
    public const string Ingest = "ingest";
    public const string People = "person";
    public const string Linkage = "linkage";
    public const string Flags = "flags";
    public const string Messaging = "messaging";
    public const string Audit = "audit";
    public const string Terminology = "terminology";

    /// <summary>The web application's own state: the data protection key ring its cookies and antiforgery tokens are protected with.</summary>
    public const string Web = "web";
}
