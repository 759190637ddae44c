using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Deployment;

/// <summary>
/// docker-compose.yml is what a partnership may run as it stands: its API must not be a Development host (whose
/// signing key ships in the repository, so anyone with a clone could mint an admin token against it). The
/// development override is a separate file someone has to name.
/// </summary>
public sealed class When_the_compose_file_is_deployed
{
    [Fact]
    public void The_api_runs_in_production_with_tokens_from_an_identity_provider()
    {
        var api = Service(File.ReadAllLines(TestData.RepositoryPath("docker-compose.yml")), "api");

        Assert.Contains(api, l => l.Trim() == "ASPNETCORE_ENVIRONMENT: Production");
        Assert.DoesNotContain(api, l => l.Contains("Development", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));
        Assert.DoesNotContain(api, l => l.Contains("SigningKey", StringComparison.Ordinal));
        Assert.Contains(api, l => l.TrimStart().StartsWith("Auth__Authority:", StringComparison.Ordinal));
        Assert.Contains(api, l => l.TrimStart().StartsWith("Web__Oidc__ClientId:", StringComparison.Ordinal));
    }

    [Fact]
    public void Development_tokens_need_the_override_file_named_on_the_command_line()
    {
        var api = Service(File.ReadAllLines(TestData.RepositoryPath("deploy/docker/compose.development.yml")), "api");

        Assert.Contains(api, l => l.Trim() == "ASPNETCORE_ENVIRONMENT: Development");
    }

    /// <summary>The lines of one service, from "  name:" under services to the next line indented two spaces or less.</summary>
    private static List<string> Service(string[] lines, string name)
    {
        var start = Array.FindIndex(lines, l => l == $"  {name}:");
        Assert.True(start >= 0, $"service {name} not found");
        return lines.Skip(start + 1).TakeWhile(l => l.Length == 0 || l.StartsWith("   ", StringComparison.Ordinal) || l.TrimStart().StartsWith('#')).ToList();
    }
}
