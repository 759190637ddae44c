using System.Text;
using System.Text.Json.Nodes;

namespace InfoSharing.UnitTests.Support;

/// <summary>Files copied next to the test assembly by the project file (see InfoSharing.UnitTests.csproj).</summary>
internal static class TestData
{
    public static string Hl7R4Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "hl7-r4");

    public static string MidwiferyExamplesFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "contracts", "midwifery");

    public static string UkCoreFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "uk-core");

    /// <summary>contracts/examples/&lt;agency&gt; as copied next to the test assembly.</summary>
    public static string ExamplesFolder(string agency) => Path.Combine(AppContext.BaseDirectory, "TestData", "contracts", agency);

    /// <summary>An HL7 UK Core R4 example from shared/data/fhir/uk-core (XML; see its SOURCE.md).</summary>
    public static byte[] UkCore(string fileName) => File.ReadAllBytes(Path.Combine(UkCoreFolder, fileName));

    /// <summary>An official HL7 FHIR R4 example from shared/data/fhir/hl7-r4 (see its SOURCE.md).</summary>
    public static byte[] Hl7R4(string fileName) => File.ReadAllBytes(Path.Combine(Hl7R4Folder, fileName));

    public static JsonObject Hl7R4Node(string fileName) =>
        JsonNode.Parse(Hl7R4(fileName))?.AsObject() ?? throw new InvalidOperationException($"{fileName} is not a JSON object.");

    public static byte[] MidwiferyExample(string fileName) => File.ReadAllBytes(Path.Combine(MidwiferyExamplesFolder, fileName));

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>A file of the repository itself (found upwards from the test assembly by InfoSharing.sln).</summary>
    public static string RepositoryPath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found."), relative);
    }
}
