using System.Net;
using System.Net.Http.Json;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Api;

namespace InfoSharing.IntegrationTests.People;

/// <summary>A reviewer's calls to the API.</summary>
internal static class ReviewCalls
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient api, string path, object body, string role = Roles.Reviewer)
    {
        using var request = ApiCalls.Get(path, ApiCalls.Token(role, subject: "reviewer-1"));
        request.Method = HttpMethod.Post;
        request.Content = JsonContent.Create(body);
        return await api.SendAsync(request);
    }

    public static async Task DecideAsync(HttpClient api, Guid reviewId, object decision)
    {
        using var response = await PostAsync(api, $"/api/reviews/{reviewId}/decision", decision);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
