namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A test class on the shared host with one loopback subscriber and one subscription per test: the host
/// is reset, the subscriber started and subscribed with `fields` (e.g. a vendor filter); afterwards the
/// subscription is deleted and the subscriber stopped. Override `CleanUpAsync` for what a class changes.
public abstract class SubscribedTest(GatewayFactory factory, string fields = "") : IAsyncLifetime
{
    protected GatewayFactory Factory { get; } = factory;

    protected HttpClient Client { get; } = factory.CreateClient(GatewayFactory.AllKey);

    protected TestSubscriber Subscriber { get; private set; } = null!;

    protected string Subscription { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.ResetForTest();
        Subscriber = await TestSubscriber.StartAsync();
        Subscription = await Client.SubscribeAsync(Subscriber, fields);
    }

    public async Task DisposeAsync()
    {
        await CleanUpAsync();
        await Client.DeleteAsync($"/v1/subscriptions/{Subscription}");
        await Subscriber.DisposeAsync();
    }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}
