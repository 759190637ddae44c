using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfoSharing.Api.Auditing;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Api;

public sealed partial class When_someone_opens_the_api_documentation(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_openapi_document_is_anonymous_and_shows_every_endpoint_with_bearer_auth_and_the_purpose_header()
    {
        var api = await StartApiAsync();

        using var response = await api.GetAsync("/openapi/v1.json", token: null, purpose: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        foreach (var endpoint in When_every_endpoint_is_called_by_every_kind_of_caller.Endpoints)
        {
            var path = Constraint().Replace(endpoint.Template, "}");
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            var operation = item.GetProperty(endpoint.Method.ToLowerInvariant());
            Assert.True(operation.GetProperty("security")[0].TryGetProperty("Bearer", out _), $"{path} does not show bearer auth");
            var purpose = operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == PurposeOfUse.Header && p.GetProperty("required").GetBoolean());
            Assert.True(purpose == endpoint.Purpose, $"{path}: purpose header shown {purpose}, expected {endpoint.Purpose}");
        }
    }

    [Fact]
    public async Task The_docs_page_is_anonymous_and_serves_its_own_assets()
    {
        var api = await StartApiAsync();

        var page = await api.GetStringAsync(new Uri("/docs/index.html", UriKind.Relative));
        using var bundle = await api.GetAsync("/docs/swagger-ui-bundle.js", token: null, purpose: null);

        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(src|href)=""https?://", page);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }

    [GeneratedRegex(":[a-z]+}")]
    private static partial Regex Constraint();
}
