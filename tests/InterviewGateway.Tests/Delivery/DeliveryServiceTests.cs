using InterviewGateway.Contracts;
using System.Net;
using System.Text.Json;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;

namespace InterviewGateway.Tests.Delivery;

/// The scheduled path (DeliveryService) and the operator's path (ManualDelivery) on the in-memory stores.
public sealed class DeliveryServiceTests : IDisposable
{
    private readonly DeliveryKit _kit = new();
    private readonly InMemoryInterviewStore _interviews;
    private readonly DeliveryService _deliveries;
    private readonly ManualDelivery _manual;

    public DeliveryServiceTests()
    {
        _interviews = new InMemoryInterviewStore(_kit.Events, _kit.Time, new RetentionOptions());
        var payloads = new FullPayload(_interviews);
        _deliveries = new DeliveryService(_kit.Events, _kit.Queue,
            new HeldDeliveries(_kit.Subscriptions, _kit.Queue, _kit.Streak), payloads, _kit.Sender, _kit.Ledger,
            Timeline.Recorder(_kit.Time), _kit.Options, new InMemorySharedClock(_kit.Time), _kit.Time);
        _manual = new ManualDelivery(_kit.Subscriptions, _kit.Events, _kit.Queue, payloads, _kit.Sender, _kit.Ledger,
            _kit.Time);
    }

    [Fact]
    public async Task A_queued_attempt_is_sent_recorded_and_delivered()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var message = await QueueAsync(subscription, await _kit.StoreEventAsync());

        await _deliveries.ProcessAsync(message, subscription, default);

        Assert.Single(_kit.Subscriber.Received);
        Assert.Equal(DeliveryStateKind.Delivered, (await StateAsync(subscription))!.Value.Kind);
        Assert.Equal(DeliveryStatus.Succeeded, (await AttemptsAsync(subscription)).Single().Status);
    }

    [Fact]
    public async Task A_failed_attempt_is_recorded_pending_and_the_next_one_scheduled()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        _kit.Subscriber.Answer = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var message = await QueueAsync(subscription, await _kit.StoreEventAsync());

        await _deliveries.ProcessAsync(message, subscription, default);

        var state = (await StateAsync(subscription))!.Value;
        var attempt = (await AttemptsAsync(subscription)).Single();
        Assert.Equal((DeliveryStateKind.Queued, 2), (state.Kind, state.Attempt));
        Assert.Equal((DeliveryStatus.Pending, (DateTimeOffset?)state.At), (attempt.Status, attempt.NextAttemptAt));
        Assert.Equal(1, await _kit.Queue.ScheduledCountAsync(default));
    }

    [Fact]
    public async Task Nothing_is_sent_while_disabled_and_a_stale_copy_of_an_attempt_stands_aside()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var message = await QueueAsync(subscription, await _kit.StoreEventAsync());

        var disabled = await _kit.Subscriptions.UpdateAsync(subscription.Id, s => s with { Enabled = false }, default);
        await _deliveries.ProcessAsync(message, disabled!, default);
        Assert.Equal(1, (await _kit.Subscriptions.ListHeldAsync(subscription.Id, default))["evt_1"]);

        await _kit.Queue.MarkDeliveredAsync(subscription.Id, "evt_1", _kit.Time.GetUtcNow(), default);
        await _deliveries.ProcessAsync(message, subscription, default);

        Assert.Empty(_kit.Subscriber.Received);
        Assert.Empty(await AttemptsAsync(subscription));
    }

    [Fact]
    public async Task A_full_subscription_gets_the_transcript_and_a_thin_one_the_stored_body()
    {
        var (full, _) = await _kit.SubscribeAsync(PayloadMode.Full);
        var (thin, _) = await _kit.SubscribeAsync(PayloadMode.Thin);
        var stored = await _kit.StoreEventAsync();
        var transcript = new Transcript("en", [new TranscriptTurn(Speaker.Participant, null, "Too pricey.", null, 1)],
            null);
        var now = _kit.Time.GetUtcNow();
        Assert.True(await _interviews.TryAddAsync(new Interview
        {
            Id = "hindsight_1", Vendor = "hindsight", VendorInterviewId = "1", Status = InterviewStatus.Completed,
            CreatedAt = now, UpdatedAt = now, TrackedSince = now, Transcript = transcript,
            Tracking = new Tracking(TrackingMode.Poll, TrackingState.Stopped, null, null),
        }, default));

        await _deliveries.ProcessAsync(await QueueAsync(full, stored), full, default);
        await _deliveries.ProcessAsync(await QueueAsync(thin, stored), thin, default);

        var bodies = _kit.Subscriber.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal("Too pricey.", bodies[0].GetProperty("data").GetProperty("transcript").GetProperty("turns")[0]
            .GetProperty("text").GetString());
        Assert.Equal(stored.Body, _kit.Subscriber.Received[1].Body);
    }

    [Fact]
    public void A_transcript_that_would_pass_the_size_limit_is_left_out_and_flagged()
    {
        var huge = new Contracts.TranscriptResponse("hindsight_1", "en",
            [new Contracts.TranscriptTurnResponse(Speaker.Participant, null, new string('x', FullPayload.MaxBodyBytes),
                null, null)]);

        var body = JsonDocument.Parse(FullPayload.WithTranscript("""{"id":"evt_1","data":{}}""", huge)).RootElement;

        Assert.False(body.GetProperty("data").TryGetProperty("transcript", out _));
        Assert.True(body.GetProperty("data").GetProperty("transcript_truncated").GetBoolean());
    }

    [Fact]
    public async Task A_manual_retry_that_succeeds_marks_the_event_delivered_and_schedules_nothing()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var message = await QueueAsync(subscription, await _kit.StoreEventAsync());

        var attempt = await _manual.RetryNowAsync("evt_1", subscription.Id, 4, default);

        Assert.Equal((4, DeliveryStatus.Succeeded), (attempt!.Attempt, attempt.Status));
        Assert.Equal(DeliveryStateKind.Delivered, (await StateAsync(subscription))!.Value.Kind);
        await _deliveries.ProcessAsync(message, subscription, default); // the queued attempt stands aside
        Assert.Single(_kit.Subscriber.Received);
        Assert.Null(await _manual.RetryNowAsync("evt_missing", subscription.Id, 1, default));
    }

    [Fact]
    public async Task A_test_sample_is_sent_as_attempt_one_and_recorded()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var sample = SampleEvent.Create(subscription, EventTypes.SubscriptionDisabled, _kit.Time.GetUtcNow());

        var attempt = await _manual.SendSampleAsync(subscription, sample.Id, EventTypes.SubscriptionDisabled,
            sample.Body, default);

        Assert.Equal((1, DeliveryStatus.Succeeded), (attempt.Attempt, attempt.Status));
        var data = JsonDocument.Parse(_kit.Subscriber.Received.Single().Body).RootElement.GetProperty("data");
        Assert.True(data.GetProperty("sample").GetBoolean());
        Assert.Equal(subscription.Id, data.GetProperty("subscription").GetProperty("id").GetString());
        Assert.Equal(sample.Id, (await AttemptsAsync(subscription)).Single().EventId);
    }

    public void Dispose() => _kit.Dispose();

    private async Task<DeliveryMessage> QueueAsync(Subscription subscription, GatewayEvent stored)
    {
        Assert.True(await _kit.Queue.TryEnqueueFirstAsync(subscription.Id, stored.Id, default));
        return (await _kit.Queue.ReadAsync([subscription.Id], 10, "test", default)).Single();
    }

    private Task<DeliveryState?> StateAsync(Subscription subscription) =>
        _kit.Queue.GetStateAsync(subscription.Id, "evt_1", default);

    private Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(Subscription subscription) =>
        _kit.Subscriptions.ListAttemptsAsync(subscription.Id, default);
}
