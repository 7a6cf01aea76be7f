using System.Globalization;
using System.Net;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Delivery;

/// A subscription whose every attempt failed for Delivery:DisableAfter (5 days) is disabled, and the
/// other subscriptions that asked for it get a signed `subscription.disabled`. The window itself is
/// unit-tested (FailureStreakTests); here the streak is started six days ago by hand.
[Collection(GatewayCollection.Name)]
public sealed class AutoDisableTests(GatewayFactory factory) : GatewayTest(factory)
{
    [Fact]
    public async Task A_failure_after_five_failing_days_disables_the_subscription_and_tells_the_others_that_asked()
    {
        var (failing, failingSubscriber, failingSecret) =
            await SubscribeAsync("""["interview.completed","subscription.disabled"]""");
        var (_, watcher, _) = await SubscribeAsync("""["subscription.disabled"]""", vendors: """["hindsight"]""");
        var (_, bystander, _) = await SubscribeAsync("""["interview.completed"]""");
        var since = DateTimeOffset.UtcNow.AddDays(-6);
        await Factory.Redis.Connection.GetDatabase().StringSetAsync(
            new RedisKeys(Factory.KeyPrefix).SubscriptionFailingSince(failing),
            since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        failingSubscriber.Answer(500);
        using var test = await Client.PostAsync($"/v1/subscriptions/{failing}/test", null);
        Assert.Equal("failed", (await test.ReadJsonAsync()).GetProperty("status").GetString());

        var after = await Client.GetOkAsync($"/v1/subscriptions/{failing}");
        Assert.False(after.GetProperty("enabled").GetBoolean());
        Assert.Contains("failed since", after.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        var disabledAt = after.GetProperty("disabled_at").GetDateTimeOffset();
        Assert.InRange(DateTimeOffset.UtcNow - disabledAt, TimeSpan.Zero, TimeSpan.FromSeconds(30));

        var received = (await watcher.WaitForAsync(r => r.Count > 0)).Single();
        Assert.True(received.SignatureValid);
        Assert.Equal("subscription.disabled", received.Type);
        var data = received.Json.GetProperty("data").GetProperty("subscription");
        Assert.Equal(failing, data.GetProperty("id").GetString());
        Assert.False(data.GetProperty("enabled").GetBoolean());
        Assert.Equal(disabledAt, data.GetProperty("disabled_at").GetDateTimeOffset());
        Assert.DoesNotContain(failingSecret["whsec_".Length..], received.Body, StringComparison.Ordinal);
        Assert.False(data.TryGetProperty("secret", out _));

        await Factory.WaitUntilIdleAsync(); // anything sent to the disabled one or the bystander was sent by now
        Assert.Empty(bystander.Received);
        Assert.Single(failingSubscriber.Received);
        Assert.Single(watcher.Received);
        // Re-enabling starts a fresh window: the next failure does not disable it again.
        await Client.PatchOkAsync($"/v1/subscriptions/{failing}", """{"enabled":true}""");
        failingSubscriber.Answer(500);
        using var retest = await Client.PostAsync($"/v1/subscriptions/{failing}/test", null);
        Assert.Equal("failed", (await retest.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.True((await Client.GetOkAsync($"/v1/subscriptions/{failing}")).GetProperty("enabled").GetBoolean());
        Assert.All(Factory.Logs.Entries.Where(e => e.Level >= LogLevel.Warning), e => Assert.Equal(4001, e.EventId.Id));
    }

    [Fact]
    public async Task A_success_clears_the_failure_streak_so_later_failures_do_not_disable()
    {
        var (subscription, subscriber, _) = await SubscribeAsync("""["interview.completed"]""");
        var key = new RedisKeys(Factory.KeyPrefix).SubscriptionFailingSince(subscription);
        await Factory.Redis.Connection.GetDatabase().StringSetAsync(key,
            DateTimeOffset.UtcNow.AddDays(-6).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        using var ok = await Client.PostAsync($"/v1/subscriptions/{subscription}/test", null);
        Assert.Equal("succeeded", (await ok.ReadJsonAsync()).GetProperty("status").GetString());
        subscriber.Answer(500);
        using var failed = await Client.PostAsync($"/v1/subscriptions/{subscription}/test", null);
        Assert.Equal("failed", (await failed.ReadJsonAsync()).GetProperty("status").GetString());

        Assert.True((await Client.GetOkAsync($"/v1/subscriptions/{subscription}")).GetProperty("enabled")
            .GetBoolean());
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_subscription_disabled_sample_describes_a_subscription_without_its_secret()
    {
        var (subscription, subscriber, secret) = await SubscribeAsync("""["subscription.disabled"]""");
        using var test = await Client.PostAsync($"/v1/subscriptions/{subscription}/test",
            Infrastructure.Api.Json("""{"event_type":"subscription.disabled"}"""));
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);

        var sample = Assert.Single(subscriber.Received);
        Assert.Equal("subscription.disabled", sample.Type);
        Assert.True(sample.Json.GetProperty("data").GetProperty("sample").GetBoolean());
        Assert.Equal(subscription,
            sample.Json.GetProperty("data").GetProperty("subscription").GetProperty("id").GetString());
        Assert.DoesNotContain(secret["whsec_".Length..], sample.Body, StringComparison.Ordinal);
        Assert.True((await Client.GetOkAsync($"/v1/subscriptions/{subscription}")).GetProperty("enabled")
            .GetBoolean());
    }

    private async Task<(string Id, TestSubscriber Subscriber, string Secret)> SubscribeAsync(
        string eventTypes, string vendors = "null")
    {
        var subscriber = await StartSubscriberAsync();
        Subscriptions
            .Add(await Client.SubscribeAsync(subscriber, $"\"event_types\":{eventTypes},\"vendors\":{vendors}"));
        return (Subscriptions[^1], subscriber, subscriber.Secret!);
    }
}
