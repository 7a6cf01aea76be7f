namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A `GatewayTest` with one loopback subscriber and one subscription (with `fields`, e.g. a vendor filter)
/// made before each test and removed after it.
public abstract class SubscribedTest(GatewayFactory factory, string fields = "") : GatewayTest(factory)
{
    protected TestSubscriber Subscriber { get; private set; } = null!;

    protected string Subscription { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Subscriber = await StartSubscriberAsync();
        Subscription = await Client.SubscribeAsync(Subscriber, fields);
        Subscriptions.Add(Subscription);
    }
}
