using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Security;

/// The dashboard's Basic credentials are cached by browsers and sent with any cross-site request, so
/// every state-changing POST needs the antiforgery token only the dashboard's own pages carry.
[Collection(GatewayCollection.Name)]
public sealed partial class HangfireDashboardTests
{
    private readonly GatewayFactory _factory;

    public HangfireDashboardTests(GatewayFactory factory)
    {
        _factory = factory;
        factory.ResetForTest();
    }

    [Fact]
    public async Task A_dashboard_post_without_the_antiforgery_token_is_refused_even_with_valid_credentials()
    {
        using var client = _factory.CreateClient((string?)null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + GatewayFactory.AllKey)));
        var command = new Dictionary<string, string> { ["jobs[]"] = "no-such-job" };

        using var forged = await client.PostAsync("/hangfire/jobs/enqueued/delete", new FormUrlEncodedContent(command));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        // Refused for that reason, which the framework logs.
        Assert.Contains(_factory.Logs.Entries, e => e.Category.Contains("Antiforgery", StringComparison.Ordinal));
        _factory.Logs.Clear();

        using var page = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var header = Meta().Matches(html).Single(m => m.Groups[1].Value == "csrf-header").Groups[2].Value;
        var token = Meta().Matches(html).Single(m => m.Groups[1].Value == "csrf-token").Groups[2].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/jobs/enqueued/delete")
        {
            Content = new FormUrlEncodedContent(command),
        };
        request.Headers.Add(header, token);
        using var genuine = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, genuine.StatusCode);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [GeneratedRegex("<meta name=\"(csrf-header|csrf-token)\" content=\"([^\"]+)\"")]
    private static partial Regex Meta();
}
