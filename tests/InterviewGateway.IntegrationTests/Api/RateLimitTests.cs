using System.Net;
using System.Text.RegularExpressions;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

[Collection(GatewayCollection.Name)]
public sealed partial class RateLimitTests(GatewayFactory factory)
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        factory.ResetForTest();
        await RefillLimitedKeyAsync();
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

    /// Successes, errors the exception handler writes (it clears headers first), authorization refusals
    /// and the 429 itself all say how much is left (3 a minute: one token per 20 s).
    [Fact]
    public async Task Every_response_to_a_limited_key_carries_its_policy_and_what_is_left()
    {
        factory.ResetForTest();
        await RefillLimitedKeyAsync();
        using var limited = factory.CreateClient(GatewayFactory.LimitedKey);

        using var ok = await limited.GetAsync("/v1/vendors");
        AssertFields(ok, HttpStatusCode.OK, remaining: 2, resetAtLeast: 19, resetAtMost: 20);
        using var missing = await limited.GetAsync("/v1/interviews/igw_missing");
        AssertFields(missing, HttpStatusCode.NotFound, remaining: 1, resetAtLeast: 39, resetAtMost: 40);
        using var forbidden = await limited.PostAsync("/v1/interviews", Infrastructure.Api.Json("{}"));
        AssertFields(forbidden, HttpStatusCode.Forbidden, remaining: 0, resetAtLeast: 59, resetAtMost: 60);
        using var refused = await limited.GetAsync("/v1/vendors");
        AssertFields(refused, HttpStatusCode.TooManyRequests, remaining: 0, resetAtLeast: 59, resetAtMost: 60);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(20));

        // A key with no limit gets no fields: there is no policy to describe.
        using var unlimited = factory.CreateClient(GatewayFactory.ReadKey);
        using var free = await unlimited.GetAsync("/v1/vendors");
        Assert.False(free.Headers.Contains("RateLimit-Policy"));
        Assert.False(free.Headers.Contains("RateLimit"));
        factory.Logs.AssertNoWarningsOrErrors();
    }

    /// The limited key's bucket is shared by this class's tests; each starts from a full one.
    private Task RefillLimitedKeyAsync() => factory.Redis.Connection.GetDatabase()
        .KeyDeleteAsync(new RedisKeys(factory.KeyPrefix).CallerRate("limited"));

    private static void AssertFields(HttpResponseMessage response, HttpStatusCode status, int remaining,
        int resetAtLeast, int resetAtMost)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("\"api-key\";q=3;w=60", response.Headers.GetValues("RateLimit-Policy").Single());
        var field = response.Headers.GetValues("RateLimit").Single();
        var match = RateLimitField().Match(field);
        Assert.True(match.Success, $"Not a RateLimit field: {field}");
        Assert.Equal(remaining, int.Parse(match.Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(match.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture),
            resetAtLeast, resetAtMost);
    }

    [GeneratedRegex("""^"api-key";r=(?<r>\d+);t=(?<t>\d+)$""")]
    private static partial Regex RateLimitField();
}
