using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace InterviewGateway.IntegrationTests.Delivery;

/// The delivery engine under the faults of issue 8: a subscriber that answers after 14 s holds only its
/// own max_concurrency, and recover re-sends every undelivered event even past the attempt log's 1,000 lines.
[Collection(GatewayCollection.Name)]
public sealed class DeliveryEngineTests(GatewayFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient(GatewayFactory.AllKey);
    private readonly List<(TestSubscriber Subscriber, string Id)> _subscriptions = [];

    public Task InitializeAsync()
    {
        factory.ResetForTest();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var (subscriber, id) in _subscriptions)
        {
            await _client.DeleteAsync($"/v1/subscriptions/{id}");
            await subscriber.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_subscriber_answering_after_14_s_holds_only_its_own_slots_and_a_fast_one_is_not_held_behind_it()
    {
        var (slow, slowId) = await SubscribeAsync("\"max_concurrency\":10");
        var (fast, fastId) = await SubscribeAsync("\"max_concurrency\":10");
        slow.Delay = TimeSpan.FromSeconds(14);
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var lag = new MetricCollector<double>(meters, GatewayMetrics.MeterName, "gateway.delivery.lag");
        using var depth = new MetricCollector<long>(meters, GatewayMetrics.MeterName, "gateway.delivery.queue_depth");
        var ids = await StoreEventsAsync(30);
        var fanOut = factory.Services.GetRequiredService<SubscriptionFanOut>();
        foreach (var stored in ids)
        {
            await fanOut.TryFanOutAsync(stored, slowId, CancellationToken.None); // the slow one's queue first
        }

        foreach (var stored in ids)
        {
            await fanOut.TryFanOutAsync(stored, fastId, CancellationToken.None);
        }

        // Counting, not timing: every fast delivery is in before the slow subscriber has answered one,
        // and the slow one never had more than its max_concurrency in flight.
        await fast.WaitForAsync(r => r.Count == ids.Count);
        Assert.Empty(slow.Received);
        Assert.InRange(slow.Arrived, 1, 10);
        Assert.Equal(ids.Select(e => e.Id).Order(), fast.Received.Select(d => d.WebhookId).Order());
        Assert.All(fast.Received, d => Assert.True(d.SignatureValid && StandardWebhooksCheck.Verifies(fast.Secret!,
            d)));

        // The slow subscriber's backlog is visible: in its subscription and in the queue-depth gauge.
        var backlog = (await _client.GetOkAsync($"/v1/subscriptions/{slowId}")).GetProperty("backlog");
        Assert.Equal(ids.Count, backlog.GetProperty("queued").GetInt64() + backlog.GetProperty("in_flight").GetInt64());
        Assert.DoesNotContain("backlog", (await _client.GetOkAsync("/v1/subscriptions")).GetRawText(),
            StringComparison.Ordinal);
        Assert.InRange(lag.GetMeasurementSnapshot().Count, ids.Count + 1, ids.Count + 10); // one per started attempt
        Assert.All(lag.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (depth.GetMeasurementSnapshot().LastOrDefault()?.Value is not >= 20)
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue-depth gauge never showed the slow subscriber's backlog");
            await Task.Delay(200);
            depth.RecordObservableInstruments();
        }

        factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Recover_after_1200_finally_failed_events_sends_every_one_whatever_the_attempt_log_kept()
    {
        var (subscriber, id) = await SubscribeAsync("\"max_concurrency\":100");
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>();
        var schedule = 1 + options.Value.Schedule.Count;
        // Every attempt of these events fails until recover, from before the first is stored (the outbox
        // sweep fans out an event a second after it is stored, while later ones are still being stored).
        // Not a script of 4,800 answers: any other request (a hindsight event of the shared host, a
        // redundant attempt) would use one up, and some event's last attempt would be answered 200.
        var run = Guid.NewGuid().ToString("N")[..8];
        var failing = true;
        subscriber.AnswerFor = webhookId => Volatile.Read(ref failing)
            && webhookId.StartsWith($"evt_engine_{run}_", StringComparison.Ordinal) ? 500 : null;
        var events = await StoreEventsAsync(1200, run);
        var wanted = events.Select(e => e.Id).ToHashSet();
        var fanOut = factory.Services.GetRequiredService<SubscriptionFanOut>();
        foreach (var stored in events)
        {
            await fanOut.TryFanOutAsync(stored, id, CancellationToken.None);
        }

        // Wait on what the test is about, each event's state: its last attempt recorded as failed. A count
        // of requests the subscriber saw says nothing about states (it may be reached before the last
        // attempts are recorded, or include requests that are not these attempts).
        await WaitForStatesAsync(id, events, s => s is { Kind: DeliveryStateKind.Failed } f && f.Attempt == schedule,
            "its last attempt recorded as failed", subscriber);

        // Every attempt of every event failed: 4,800 attempts, far more than the 1,000 log lines kept.
        var tried = subscriber.Received.Where(d => wanted.Contains(d.WebhookId)).GroupBy(d => d.WebhookId).ToList();
        Assert.Equal(events.Count, tried.Count);
        Assert.All(tried, attempts => Assert.True(attempts.Count() >= schedule && attempts.All(a =>
            a.AnsweredStatus == 500)));
        Volatile.Write(ref failing, false);

        var since = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O", CultureInfo.InvariantCulture);
        var recovered = await _client.RecoverAsync(id, since);
        Assert.Equal("completed", recovered.GetProperty("state").GetString());
        Assert.Equal(events.Count, recovered.GetProperty("enqueued").GetInt32());

        await WaitForStatesAsync(id, events, s => s is { Kind: DeliveryStateKind.Delivered }, "delivered", subscriber);
        var delivered = subscriber.Received.Where(d => d.AnsweredStatus == 200 && wanted.Contains(d.WebhookId))
            .ToList();
        Assert.True(wanted.SetEquals(delivered.Select(d => d.WebhookId)));
        Assert.All(delivered, d => Assert.True(d.SignatureValid && StandardWebhooksCheck.Verifies(subscriber.Secret!,
            d)));
    }

    /// Waits until every event's delivery state is `done`. No fixed deadline: on a loaded machine an
    /// attempt may time out, and the next one then waits the retry policy's floor; it fails when no
    /// event's state moved for longer than that can take.
    private async Task WaitForStatesAsync(string subscription, List<GatewayEvent> events,
        Func<DeliveryState?, bool> done, string what, TestSubscriber subscriber)
    {
        var queue = factory.Services.GetRequiredService<IDeliveryQueue>();
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>();
        var stall = options.Value.Timeout + (RetryPolicy.SlowDownFloor * 1.2) + TimeSpan.FromSeconds(15);
        var (lastChange, last) = (DateTime.UtcNow, "");
        while (true)
        {
            var states = await Task.WhenAll(events.Select(async e =>
                (e.Id, State: await queue.GetStateAsync(subscription, e.Id, CancellationToken.None))));
            var left = states.Where(s => !done(s.State)).ToList();
            if (left.Count == 0)
            {
                return;
            }

            var now = string.Join(",", left.Select(s => s.State?.Format()));
            (lastChange, last) = now == last ? (lastChange, last) : (DateTime.UtcNow, now);
            Assert.True(DateTime.UtcNow - lastChange < stall, $"{left.Count} event(s) not {what}, and none moved "
                + $"for {stall}: " + Describe(left, subscriber));
            await Task.Delay(200);
        }
    }

    /// Where the events that did not finish stand: their states, and each one's answers and logged outcomes.
    private string Describe(List<(string Id, DeliveryState? State)> left, TestSubscriber subscriber)
    {
        var states = string.Join(", ", left.GroupBy(s => s.State is { } st ? $"{st.Kind} #{st.Attempt}" : "none")
            .Select(g => $"{g.Key} x{g.Count()}"));
        var sample = left.Take(3).Select(s => $"{s.Id}: answered ["
            + string.Join(",", subscriber.Received.Where(d => d.WebhookId == s.Id).Select(d => d.AnsweredStatus))
            + "], logged [" + string.Join("; ", factory.Logs.Entries.Where(e => e.Message.Contains(s.Id,
                StringComparison.Ordinal)).Select(e => $"{e.Level} {e.EventId.Id} {e.Message}")) + "]");
        return states + "; " + string.Join(" | ", sample);
    }

    private async Task<(TestSubscriber, string)> SubscribeAsync(string fields)
    {
        var subscriber = await TestSubscriber.StartAsync();
        var id = await _client.SubscribeAsync(subscriber,
            fields + $",\"vendors\":[\"hindsight\"],\"event_types\":[\"{EventTypes.SubscriptionTest}\"]");
        _subscriptions.Add((subscriber, id));
        return (subscriber, id);
    }

    /// Events stored now (after the subscriptions), fanned out by the tests themselves.
    private async Task<List<GatewayEvent>> StoreEventsAsync(int count, string? run = null)
    {
        const string type = EventTypes.SubscriptionTest;
        var store = factory.Services.GetRequiredService<IEventStore>();
        var stored = new List<GatewayEvent>();
        run ??= Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            var interview = $"hindsight_engine_{run}_{i}";
            var id = $"evt_engine_{run}_{i:D5}";
            var e = new GatewayEvent(id, type, interview, "hindsight", DateTimeOffset.UtcNow, 1,
                $$"""{"id":"{{id}}","type":"{{type}}","sequence":1,""" + "\"data\":"
                + $$"""{"interview":{"id":"{{interview}}""" + "\"}}}")
            {
                StoredAt = DateTimeOffset.UtcNow,
            };
            Assert.True(await store.TryAppendAsync(e, CancellationToken.None));
            stored.Add(e);
        }

        return stored;
    }
}
