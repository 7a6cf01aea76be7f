using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFactory factory)
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        factory.ResetForTest();
        using var limited = factory.CreateClient(GatewayFactory.LimitedKey);
        using var other = factory.CreateClient(GatewayFactory.ReadKey);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await limited.GetAsync("/v1/vendors");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            answers);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/vendors")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await factory.CreateClient((string?)null).GetAsync("/health/live")).StatusCode);
        factory.Logs.AssertNoWarningsOrErrors();
    }
}
