using System.Net;
using InterviewGateway.Client;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A test class on the shared host: each test starts from `ResetForTest`, and what it adds to
/// `Subscriptions` is deleted, and the subscribers it started with `StartSubscriberAsync` stopped, after
/// it. Override `CleanUpAsync` for anything else a class changes.
public abstract class GatewayTest(GatewayFactory factory) : IAsyncLifetime
{
    private readonly List<TestSubscriber> _subscribers = [];

    protected GatewayFactory Factory { get; } = factory;

    /// Raw HTTP, for what the client hides on purpose: bad input, headers, exact status codes.
    protected HttpClient Client { get; } = factory.CreateClient(GatewayFactory.AllKey);

    /// The first-party client with every scope: how tests call the public API.
    protected IInterviewGatewayClient Gateway { get; } = factory.CreateGatewayClient();

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
            try
            {
                await Gateway.DeleteSubscriptionAsync(id);
            }
            catch (InterviewGatewayProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // the test deleted it itself
            }
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
