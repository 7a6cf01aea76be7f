using InterviewGateway.Client.Models;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A `GatewayTest` with one loopback subscriber and one subscription (made from `request`, e.g. with a
/// vendor filter; its url is the subscriber's) made before each test and removed after it.
public abstract class SubscribedTest(GatewayFactory factory, CreateSubscriptionRequest? request = null)
    : GatewayTest(factory)
{
    protected TestSubscriber Subscriber { get; private set; } = null!;

    protected string Subscription { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Subscriber = await StartSubscriberAsync();
        Subscription = await Gateway.SubscribeAsync(Subscriber, request);
        Subscriptions.Add(Subscription);
    }
}
