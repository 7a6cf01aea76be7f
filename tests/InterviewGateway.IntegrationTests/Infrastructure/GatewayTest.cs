namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A test class on the shared host: each test starts from `ResetForTest`, and what it adds to
/// `Subscriptions` is deleted, and the subscribers it started with `StartSubscriberAsync` stopped, after
/// it. Override `CleanUpAsync` for anything else a class changes.
public abstract class GatewayTest(GatewayFactory factory) : IAsyncLifetime
{
    private readonly List<TestSubscriber> _subscribers = [];

    protected GatewayFactory Factory { get; } = factory;

    protected HttpClient Client { get; } = factory.CreateClient(GatewayFactory.AllKey);

    /// Subscription ids deleted after the test.
    protected List<string> Subscriptions { get; } = [];

    public virtual Task InitializeAsync()
    {
        Factory.ResetForTest();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await CleanUpAsync();
        foreach (var id in Subscriptions)
        {
            await Client.DeleteAsync($"/v1/subscriptions/{id}");
        }

        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync();
        }
    }

    /// A loopback subscriber, stopped after the test.
    protected async Task<TestSubscriber> StartSubscriberAsync()
    {
        var subscriber = await TestSubscriber.StartAsync();
        _subscribers.Add(subscriber);
        return subscriber;
    }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}
