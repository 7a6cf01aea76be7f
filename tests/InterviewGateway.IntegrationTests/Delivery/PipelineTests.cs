using System.Globalization;
using System.Net;
using System.Text.Json;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Delivery;

/// The reason the product exists: Hindsight completions found by polling (or refresh) become exactly
/// one signed interview.completed per subscriber, delivered durably.
[Collection(GatewayCollection.Name)]
public sealed class PipelineTests(GatewayFactory factory) : GatewayTest(factory)
{
    private TestSubscriber _full = null!;
    private TestSubscriber _thin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _full = await StartSubscriberAsync();
        _thin = await StartSubscriberAsync();
    }

    [Fact]
    public async Task Completions_found_by_polling_reach_each_subscriber_once_signed_and_full_mode_has_the_transcript()
    {
        await SubscribeAsync(_full, PayloadMode.Full);
        await SubscribeAsync(_thin, PayloadMode.Thin);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var created = await Gateway.CreateSandboxInterviewAsync();
            ids.Add(created.Id);
            // Each completes at its own time; the poller finds them one after another.
            Factory.Simulator.CompleteAt(long.Parse(created.VendorInterviewId, CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddMinutes(-(i + 1)));
            await MakeDueAsync(created, TimeSpan.FromMilliseconds(300 * i));
        }

        // Two more complete now and are refreshed by callers while the poller may find them too: whichever
        // path wins, each is one event.
        var raced = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var created = await Gateway.CreateSandboxInterviewAsync();
            raced.Add(created.Id);
            Factory.Simulator.CompleteAt(long.Parse(created.VendorInterviewId, CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddSeconds(-1));
            await MakeDueAsync(created, TimeSpan.Zero);
        }

        await Task.WhenAll(raced.SelectMany(id => Enumerable.Range(0, 2).Select(_ =>
            Gateway.GetInterviewAsync(id, refresh: true))));

        bool AllArrived(IReadOnlyList<ReceivedDelivery> received) => ids.Concat(raced).All(id =>
            received.Any(r => r.Type == "interview.completed" && r.InterviewId == id));
        await _full.WaitForAsync(AllArrived);
        await _thin.WaitForAsync(AllArrived);
        await Factory.WaitUntilIdleAsync(); // anything duplicated would have arrived by now

        // Nobody refreshed the first four: the poller found them, and the event says so.
        Assert.All(_full.Received.Where(r => ids.Contains(r.InterviewId)), r => Assert.Equal("poll", r.DetectedBy));
        foreach (var id in raced)
        {
            var completed = Assert.Single(_full.Received, r => r.InterviewId == id && r.Type == "interview.completed");
            Assert.Contains(completed.DetectedBy, new[] { "poll", "refresh" });
            Assert.Single(_thin.Received, r => r.InterviewId == id && r.Type == "interview.completed");
        }

        foreach (var (subscriber, full) in new[] { (_full, true), (_thin, false) })
        {
            var completed = subscriber.Received.Where(r => r.Type == "interview.completed"
                && ids.Contains(r.InterviewId)).ToList();
            Assert.Equal(ids.Order(), completed.Select(r => r.InterviewId).Order());
            Assert.All(completed, r =>
            {
                Assert.True(r.SignatureValid, "signature did not verify");
                Assert.Equal(r.WebhookId, r.Json.GetProperty("id").GetString());
                Assert.Equal("completed",
                    r.Json.GetProperty("data").GetProperty("interview").GetProperty("status").GetString());
                Assert.Equal(full, r.Json.GetProperty("data").TryGetProperty("transcript", out var transcript)
                    && transcript.GetProperty("turns").GetArrayLength() > 2);
            });
        }

        foreach (var id in ids.Concat(raced))
        {
            var events = Gateway.ListEventsAsync(new EventQuery("interview.completed", id));
            Assert.IsType<InterviewCompleted>(await events.SingleAsync());
        }

        Assert.DoesNotContain(Factory.Simulator.Requests.Snapshot(), r => r.Status == 429);
        Assert.True(Factory.Simulator.Requests.MaxInAnyWindow(TimeSpan.FromMinutes(1)) <= 600);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_failing_subscriber_gets_the_same_webhook_id_until_it_answers_2xx_and_every_attempt_is_listed()
    {
        var subscription = await SubscribeAsync(_full, PayloadMode.Thin);
        _full.Answer(500, 500);
        var id = await CompleteByRefreshAsync();

        var received = await _full.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.AnsweredStatus == 200));
        var attempts = received.Where(d => d.InterviewId == id).ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.All(attempts, a => Assert.Equal("refresh", a.DetectedBy)); // a caller's refresh found it
        Assert.Single(attempts.Select(a => a.WebhookId).Distinct());
        Assert.True(attempts[^1].Timestamp > attempts[0].Timestamp, "each attempt is signed with its own timestamp");
        Assert.All(attempts, a => Assert.True(a.SignatureValid));

        // The attempt is recorded after the subscriber's answer arrives, so the listing may trail by a moment.
        var query = new DeliveryQuery(EventId: attempts[0].WebhookId);
        var rows = new List<DeliveryAttempt>();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); rows.Count < 3
            && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            rows = await Gateway.ListDeliveriesAsync(subscription, query).ToListAsync();
        }

        Assert.Equal([3, 2, 1], rows.Select(r => r.Attempt));
        Assert.Equal([DeliveryStatus.Succeeded, DeliveryStatus.Pending, DeliveryStatus.Pending],
            rows.Select(r => r.Status));
        Assert.Equal(500, rows[1].StatusCode);
        Assert.NotNull(rows[1].NextAttemptAt);
        Factory.Logs.AssertNoWarningsOrErrors(); // a retried failure is routine, not a warning

        var manual = await Gateway.RetryDeliveryAsync(subscription, attempts[0].WebhookId);
        Assert.Equal(4, manual.Attempt);
        await _full.WaitForAsync(r => r.Count(d => d.WebhookId == attempts[0].WebhookId) == 4);
    }

    [Fact]
    public async Task Gone_disables_the_subscription_and_nothing_more_is_sent()
    {
        var subscription = await SubscribeAsync(_full, PayloadMode.Thin);
        _full.Answer(410);
        var id = await CompleteByRefreshAsync();
        await _full.WaitForAsync(r => r.Any(d => d.InterviewId == id));

        // The receiver records the delivery before it answers; the disable follows the answer.
        var after = await Gateway.GetSubscriptionAsync(subscription);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after.Enabled && DateTime.UtcNow < deadline;
            await Task.Delay(50))
        {
            after = await Gateway.GetSubscriptionAsync(subscription);
        }

        Assert.False(after.Enabled);
        Assert.Contains("410", after.DisabledReason);

        var second = await CompleteByRefreshAsync();
        await Factory.WaitUntilIdleAsync(); // a delivery to the disabled subscription would have been sent by now
        Assert.DoesNotContain(_full.Received, d => d.InterviewId == second);
        Assert.Single(_full.Received, d => d.InterviewId == id);
    }

    [Fact]
    public async Task Test_sends_a_signed_sample_now_and_returns_the_attempt()
    {
        var subscription = await SubscribeAsync(_full, PayloadMode.Thin);
        var attempt = await Gateway.TestSubscriptionAsync(subscription, "interview.completed");
        Assert.Equal(200, attempt.StatusCode);
        Assert.Equal(DeliveryStatus.Succeeded, attempt.Status);

        var sample = Assert.Single(_full.Received);
        Assert.True(sample.SignatureValid);
        Assert.True(sample.Json.GetProperty("data").GetProperty("sample").GetBoolean());
        Assert.Equal(attempt.EventId, sample.WebhookId);
    }

    private async Task<string> SubscribeAsync(TestSubscriber subscriber, PayloadMode payload)
    {
        var id = await Gateway.SubscribeAsync(subscriber,
            new CreateSubscriptionRequest("", ["interview.completed"], ["hindsight"], payload));
        Subscriptions.Add(id);
        return id;
    }

    private Task<string> CompleteByRefreshAsync() => Gateway.CompleteSandboxInterviewAsync(Factory);

    /// Pulls an interview's next poll forward, as if its cadence had elapsed.
    private Task MakeDueAsync(Interview interview, TimeSpan from) =>
        Factory.Services.GetRequiredService<IPollQueue>().ScheduleAsync("hindsight", interview.Id,
            DateTimeOffset.UtcNow + from, interview.CreatedAt, CancellationToken.None);
}
