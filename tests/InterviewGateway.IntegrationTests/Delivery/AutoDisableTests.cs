using System.Globalization;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
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
            await SubscribeAsync(["interview.completed", "subscription.disabled"]);
        var (_, watcher, watcherSecret) = await SubscribeAsync(["subscription.disabled"], vendors: ["hindsight"]);
        var (_, bystander, _) = await SubscribeAsync(["interview.completed"]);
        var since = DateTimeOffset.UtcNow.AddDays(-6);
        await Factory.Redis.Connection.GetDatabase().StringSetAsync(
            new RedisKeys(Factory.KeyPrefix).SubscriptionFailingSince(failing),
            since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        failingSubscriber.Answer(500);
        Assert.Equal(DeliveryStatus.Failed, (await Gateway.TestSubscriptionAsync(failing)).Status);

        var after = await Gateway.GetSubscriptionAsync(failing);
        Assert.False(after.Enabled);
        Assert.Contains("failed since", after.DisabledReason, StringComparison.Ordinal);
        var disabledAt = after.DisabledAt!.Value;
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
        var typed = Assert.IsType<SubscriptionDisabled>(
            StandardWebhooksCheck.VerifyWithClient(watcherSecret, received));
        Assert.Equal((failing, false, disabledAt), (typed.Data.Subscription.Id, typed.Data.Subscription.Enabled,
            typed.Data.Subscription.DisabledAt));

        await Factory.WaitUntilIdleAsync(); // anything sent to the disabled one or the bystander was sent by now
        Assert.Empty(bystander.Received);
        Assert.Single(failingSubscriber.Received);
        Assert.Single(watcher.Received);
        // Re-enabling starts a fresh window: the next failure does not disable it again.
        await Gateway.UpdateSubscriptionAsync(failing, new UpdateSubscriptionRequest(Enabled: true));
        failingSubscriber.Answer(500);
        Assert.Equal(DeliveryStatus.Failed, (await Gateway.TestSubscriptionAsync(failing)).Status);
        Assert.True((await Gateway.GetSubscriptionAsync(failing)).Enabled);
        Assert.All(Factory.Logs.Entries.Where(e => e.Level >= LogLevel.Warning), e => Assert.Equal(4001, e.EventId.Id));
    }

    [Fact]
    public async Task A_success_clears_the_failure_streak_so_later_failures_do_not_disable()
    {
        var (subscription, subscriber, _) = await SubscribeAsync(["interview.completed"]);
        var key = new RedisKeys(Factory.KeyPrefix).SubscriptionFailingSince(subscription);
        await Factory.Redis.Connection.GetDatabase().StringSetAsync(key,
            DateTimeOffset.UtcNow.AddDays(-6).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        Assert.Equal(DeliveryStatus.Succeeded, (await Gateway.TestSubscriptionAsync(subscription)).Status);
        subscriber.Answer(500);
        Assert.Equal(DeliveryStatus.Failed, (await Gateway.TestSubscriptionAsync(subscription)).Status);

        Assert.True((await Gateway.GetSubscriptionAsync(subscription)).Enabled);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_subscription_disabled_sample_describes_a_subscription_without_its_secret()
    {
        var (subscription, subscriber, secret) = await SubscribeAsync(["subscription.disabled"]);
        await Gateway.TestSubscriptionAsync(subscription, "subscription.disabled");

        var sample = Assert.Single(subscriber.Received);
        Assert.Equal("subscription.disabled", sample.Type);
        Assert.True(sample.Json.GetProperty("data").GetProperty("sample").GetBoolean());
        Assert.Equal(subscription,
            sample.Json.GetProperty("data").GetProperty("subscription").GetProperty("id").GetString());
        Assert.DoesNotContain(secret["whsec_".Length..], sample.Body, StringComparison.Ordinal);
        var typed = Assert.IsType<SubscriptionDisabled>(StandardWebhooksCheck.VerifyWithClient(secret, sample));
        Assert.True(typed.Data.Sample);
        Assert.True((await Gateway.GetSubscriptionAsync(subscription)).Enabled);
    }

    private async Task<(string Id, TestSubscriber Subscriber, string Secret)> SubscribeAsync(
        string[] eventTypes, string[]? vendors = null)
    {
        var subscriber = await StartSubscriberAsync();
        Subscriptions.Add(await Gateway.SubscribeAsync(subscriber, new("", eventTypes, vendors)));
        return (Subscriptions[^1], subscriber, subscriber.Secret!);
    }
}
