using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// Applies deploy/rabbitmq/definitions.json to this run's vhost as deploy/rabbitmq/apply.py does, but with users of
/// this run's own (it-&lt;run&gt;-&lt;name&gt;, random passwords): broker users are global, and other runs share the broker.
/// </summary>
internal sealed class BrokerDefinitions(Uri management, string vhost, string runId)
{
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);

    /// <summary>The definitions' user names (midwifery, infosharing-worker, ...).</summary>
    public IReadOnlyCollection<string> Names => _passwords.Keys;

    public string UserOf(string name) => $"it-{runId}-{name}";

    public string PasswordOf(string name) => _passwords[name];

    public async Task ApplyAsync()
    {
        using var http = ManagementClient(management);
        using var definitions = JsonDocument.Parse(await File.ReadAllTextAsync(Examples.Path("deploy/rabbitmq/definitions.json")));
        var root = definitions.RootElement;
        var escapedVhost = Uri.EscapeDataString(vhost);
        foreach (var policy in root.GetProperty("policies").EnumerateArray())
        {
            var body = new Dictionary<string, object>
            {
                ["pattern"] = policy.GetProperty("pattern").GetString()!,
                ["definition"] = policy.GetProperty("definition"),
                ["apply-to"] = policy.GetProperty("apply-to").GetString()!,
                ["priority"] = 10,
            };
            await PutAsync(http, $"api/policies/{escapedVhost}/{Uri.EscapeDataString(policy.GetProperty("name").GetString()!)}", body);
        }

        foreach (var user in root.GetProperty("users").EnumerateArray())
        {
            var name = user.GetProperty("name").GetString()!;
            var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            _passwords[name] = password;
            await PutAsync(http, $"api/users/{Uri.EscapeDataString(UserOf(name))}", new Dictionary<string, object> { ["password"] = password, ["tags"] = string.Empty });
        }

        await ApplyPermissionsAsync();
    }

    /// <summary>(Re)applies every user's permissions and topic permissions: a test may have changed them.</summary>
    public async Task ApplyPermissionsAsync()
    {
        using var http = ManagementClient(management);
        using var definitions = JsonDocument.Parse(await File.ReadAllTextAsync(Examples.Path("deploy/rabbitmq/definitions.json")));
        var root = definitions.RootElement;
        var escapedVhost = Uri.EscapeDataString(vhost);
        foreach (var user in root.GetProperty("users").EnumerateArray())
        {
            var name = user.GetProperty("name").GetString()!;
            var role = root.GetProperty("roles").GetProperty(user.GetProperty("role").GetString()!);
            var quoted = Uri.EscapeDataString(UserOf(name));
            var permissions = role.GetProperty("permissions").EnumerateObject().ToDictionary(p => p.Name, p => (object)Pattern(p.Value.GetString()!, name));
            await PutAsync(http, $"api/permissions/{escapedVhost}/{quoted}", permissions);
            if (role.TryGetProperty("topic_permissions", out var topics))
            {
                foreach (var topic in topics.EnumerateArray())
                {
                    await PutAsync(http, $"api/topic-permissions/{escapedVhost}/{quoted}", new Dictionary<string, object>
                    {
                        ["exchange"] = topic.GetProperty("exchange").GetString()!,
                        ["write"] = Pattern(topic.GetProperty("write").GetString()!, name),
                        ["read"] = Pattern(topic.GetProperty("read").GetString()!, name),
                    });
                }
            }
        }
    }

    /// <summary>Removes a user's topic permissions: a broker misconfigured as before this contract.</summary>
    public async Task RemoveTopicPermissionsAsync(string name)
    {
        using var http = ManagementClient(management);
        using var response = await http.DeleteAsync(new Uri($"api/topic-permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(UserOf(name))}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteUsersAsync()
    {
        using var http = ManagementClient(management);
        foreach (var name in _passwords.Keys)
        {
            await http.DeleteAsync(new Uri($"api/users/{Uri.EscapeDataString(UserOf(name))}", UriKind.Relative));
        }
    }

    public static HttpClient ManagementClient(Uri management)
    {
        var credentials = Uri.UnescapeDataString(management.UserInfo);
        var http = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = string.Empty, Password = string.Empty, Path = "/" }.Uri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    // As apply.py: {code} is the user's agency or subscriber code, escaped as data.
    private static string Pattern(string template, string code) => template.Replace("{code}", Regex.Escape(code), StringComparison.Ordinal);

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }
}
