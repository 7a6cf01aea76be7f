using System.Globalization;
using InterviewGateway.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Issue 17 (measured): a second instance on the same Redis whose clock is 5 s ahead (its subscription
/// service and recovery built on a clock 5 s fast, the rest of its services shared) creates subscriptions;
/// the host stores completions a moment later. Both the relay and `recover` must send them: creation and
/// storage are stamped by Redis's clock, not compared across the two hosts' clocks.
[Collection(GatewayCollection.Name)]
public sealed class ClockSkewTests(GatewayFactory factory) : GatewayTest(factory)
{
    private readonly FakeTimeProvider _fast = new(DateTimeOffset.UtcNow.AddSeconds(5));

    [Fact]
    public async Task A_subscription_created_on_a_fast_clock_gets_a_completion_stored_next_by_relay_and_recover()
    {
        var fastInstance = FastSubscriptions();

        var subscriber = await StartSubscriberAsync();
        await SubscribeAsync(fastInstance, subscriber);
        var relayed = await Client.CompleteSandboxInterviewAsync(Factory);
        await subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == relayed), TimeSpan.FromSeconds(20));

        // Disabled while the completion is stored, so only `recover` (on the fast instance) sends it.
        var late = await StartSubscriberAsync();
        var recovering = await SubscribeAsync(fastInstance, late);
        await Client.PatchOkAsync($"/v1/subscriptions/{recovering}", """{"enabled":false}""");
        var recovered = await Client.CompleteSandboxInterviewAsync(Factory);
        await Client.PatchOkAsync($"/v1/subscriptions/{recovering}", """{"enabled":true}""");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        await fastInstance.RecoverAsync(recovering, since, CancellationToken.None); // runs as an operation
        await late.WaitForAsync(r => r.Any(d => d.InterviewId == recovered), TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(late.Received, d => d.InterviewId == relayed); // created after that one
    }

    /// The host's services, except that everything reading the instance clock reads one 5 s ahead.
    private SubscriptionService FastSubscriptions()
    {
        var recovery = ActivatorUtilities.CreateInstance<SubscriptionRecovery>(Factory.Services, (TimeProvider)_fast);
        return ActivatorUtilities.CreateInstance<SubscriptionService>(Factory.Services, (TimeProvider)_fast, recovery);
    }

    private async Task<string> SubscribeAsync(SubscriptionService instance, TestSubscriber subscriber)
    {
        var (subscription, secret) = await instance.CreateAsync(
            new CreateSubscriptionRequest(subscriber.Url, null, null, null, null, null), CancellationToken.None);
        subscriber.Secret = secret;
        Subscriptions.Add(subscription.Id);
        return subscription.Id;
    }
}
