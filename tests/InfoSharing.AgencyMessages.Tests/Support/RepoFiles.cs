using System.Text;
using System.Text.Json.Nodes;

namespace InfoSharing.AgencyMessages.Tests.Support;

/// <summary>Files of the repository, found by walking up from the test assembly to InfoSharing.sln (CI clones anywhere).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonObject Json(string relative) => JsonNode.Parse(Text(relative))!.AsObject();

    public static ReadOnlyMemory<byte> Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InfoSharing.sln not found above " + AppContext.BaseDirectory);
    }
}
