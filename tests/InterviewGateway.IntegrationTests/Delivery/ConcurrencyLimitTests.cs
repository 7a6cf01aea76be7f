using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Delivery;

/// max_concurrency caps the requests in flight to one subscriber; the deliveries that find every slot
/// taken wait in the subscription's own queue, and each still arrives once as attempt 1.
[Collection(GatewayCollection.Name)]
public sealed class ConcurrencyLimitTests(GatewayFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient(GatewayFactory.AllKey);
    private TestSubscriber _subscriber = null!;
    private TestSubscriber _control = null!;
    private string _subscription = null!;
    private string _controlSubscription = null!;

    public async Task InitializeAsync()
    {
        factory.ResetForTest();
        (_subscriber, _subscription) = await SubscribeAsync(1);
        (_control, _controlSubscription) = await SubscribeAsync(10);
    }

    private async Task<(TestSubscriber, string)> SubscribeAsync(int maxConcurrency)
    {
        var subscriber = await TestSubscriber.StartAsync();
        return (subscriber, await _client.SubscribeAsync(subscriber, $"\"max_concurrency\":{maxConcurrency}"));
    }

    public async Task DisposeAsync()
    {
        await _client.DeleteAsync($"/v1/subscriptions/{_subscription}");
        await _client.DeleteAsync($"/v1/subscriptions/{_controlSubscription}");
        await _subscriber.DisposeAsync();
        await _control.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_subscriber_with_max_concurrency_1_never_sees_two_requests_at_once()
    {
        _subscriber.Delay = _control.Delay = TimeSpan.FromMilliseconds(700);
        var events = factory.Services.GetRequiredService<IEventStore>();
        var queue = factory.Services.GetRequiredService<IDeliveryQueue>();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // Stored two hours ago, so the fan-out sweep leaves them alone; queued below.
            var stored = new GatewayEvent($"evt_limit_{Guid.NewGuid():N}"[..26], "interview.completed",
                "hindsight_limit", "hindsight", DateTimeOffset.UtcNow, 1,
                """{"id":"x","type":"interview.completed","data":{"interview":{"id":"hindsight_limit"}}}""")
            {
                StoredAt = DateTimeOffset.UtcNow.AddHours(-2),
            };
            Assert.True(await events.TryAppendAsync(stored, CancellationToken.None));
            ids.Add(stored.Id);
        }

        foreach (var id in ids)
        {
            await queue.TryEnqueueFirstAsync(_subscription, id, CancellationToken.None);
            await queue.TryEnqueueFirstAsync(_controlSubscription, id, CancellationToken.None);
        }

        await _subscriber.WaitForAsync(r => ids.All(id => r.Any(d => d.WebhookId == id)), TimeSpan.FromSeconds(45));
        await _control.WaitForAsync(r => ids.All(id => r.Any(d => d.WebhookId == id)));
        await factory.WaitUntilIdleAsync(); // a redundant attempt would have been sent by now
        Assert.Equal(1, _subscriber.MaxInFlight);
        Assert.True(_control.MaxInFlight > 1,
            "without the limit the same deliveries overlap, or this test proves nothing");
        // The shared host's other tests may complete interviews meanwhile; this subscription wants those too.
        var ours =
            _subscriber.Received.Where(d => d.WebhookId.StartsWith("evt_limit_", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Order(), ours.Select(d => d.WebhookId).Order());
        Assert.All(_subscriber.Received, d => Assert.True(d.SignatureValid));

        var attempts = (await _client.GetOkAsync($"/v1/subscriptions/{_subscription}/deliveries")).GetProperty("data")
            .EnumerateArray().Where(a => ids.Contains(a.GetProperty("event_id").GetString()!)).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(1, a.GetProperty("attempt").GetInt32()));
        factory.Logs.AssertNoWarningsOrErrors();
    }
}
