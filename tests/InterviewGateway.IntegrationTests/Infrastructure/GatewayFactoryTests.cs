using InterviewGateway.Delivery;
using InterviewGateway.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// The shared host's own guarantees to the other tests: "wait until idle" waits for work in flight, and
/// a new test class starts isolated from what earlier classes left running.
[Collection(GatewayCollection.Name)]
public sealed class GatewayFactoryTests(GatewayFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient(GatewayFactory.AllKey);
    private const string Completions = "\"event_types\":[\"interview.completed\"],\"vendors\":[\"hindsight\"]";
    private TestSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        factory.ResetForTest();
        _subscriber = await TestSubscriber.StartAsync();
    }

    public async Task DisposeAsync() => await _subscriber.DisposeAsync();

    [Fact]
    public async Task Waiting_until_idle_returns_only_after_a_slow_delivery_was_answered_and_recorded()
    {
        var subscription = await _client.SubscribeAsync(_subscriber, Completions);
        _subscriber.Delay = TimeSpan.FromSeconds(2);
        _subscriber.Answer(500); // the first attempt fails, so a retry is scheduled (due about a second later)
        var id = await _client.CompleteSandboxInterviewAsync(factory);

        await factory.WaitUntilIdleAsync();

        // Idle means the failed attempt, its scheduled retry and the retry's answer are all behind us.
        Assert.Equal([500, 200], _subscriber.Received.Where(d => d.InterviewId == id)
            .Select(d => d.AnsweredStatus));
        var eventId = _subscriber.Received.First(d => d.InterviewId == id).WebhookId;
        var state = await factory.Services.GetRequiredService<IDeliveryQueue>()
            .GetStateAsync(subscription, eventId, CancellationToken.None);
        Assert.Equal(DeliveryStateKind.Delivered, state?.Kind);
        await _client.DeleteAsync($"/v1/subscriptions/{subscription}");
    }

    [Fact]
    public async Task A_new_test_class_starts_after_an_earlier_class_work_and_never_sees_its_warnings()
    {
        // What an earlier class leaves behind: a delivery in flight to a subscriber that will answer 410
        // (disabling a subscription is a warning), and an interview the poller will find completed.
        var subscription = await _client.SubscribeAsync(_subscriber, Completions);
        _subscriber.Delay = TimeSpan.FromSeconds(2);
        _subscriber.Answer(410);
        await _client.CompleteSandboxInterviewAsync(factory);
        var created = await _client.CreateInterviewAsync();
        var tracked = created.GetProperty("id").GetString()!;
        var polls = factory.Services.GetRequiredService<IPollQueue>();
        Assert.NotNull(await polls.TrackedSinceAsync("hindsight", tracked, CancellationToken.None));
        await _subscriber.WaitForAsync(r => _subscriber.Arrived > 0);

        factory.ResetForTest(testClass: "the next test class");

        // The delivery finished (and logged its warning) before the new class's log started.
        Assert.Single(_subscriber.Received);
        await factory.WaitUntilIdleAsync();
        factory.Logs.AssertNoWarningsOrErrors();
        // Nothing of the earlier class is left to act later: its subscription and its polling are gone.
        Assert.Empty(await factory.Services.GetRequiredService<ISubscriptionStore>().ListAsync(CancellationToken.None));
        Assert.Null(await polls.TrackedSinceAsync("hindsight", tracked, CancellationToken.None));
        using var gone = await _client.GetAsync($"/v1/subscriptions/{subscription}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }
}
