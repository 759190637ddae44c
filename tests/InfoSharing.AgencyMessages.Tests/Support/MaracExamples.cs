using InfoSharing.Domain.Ingest;

namespace InfoSharing.AgencyMessages.Tests.Support;

internal static class MaracExamples
{
    public const string Listed = "contracts/examples/marac/case-listed-victim-pregnant.json";
    public const string Reviewed = "contracts/examples/marac/case-reviewed.json";
    public const string Closed = "contracts/examples/marac/case-closed.json";

    public static AgencyExtract Read(string path, string type) =>
        AgencyMessageReader.Read("marac.case", type, RepoFiles.Bytes(RepoFiles.Json(path)));
}
