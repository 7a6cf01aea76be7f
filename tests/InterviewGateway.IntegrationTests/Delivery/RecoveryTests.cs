using System.Globalization;
using System.Net;
using InterviewGateway.Client.Models;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Operations;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Operation = InterviewGateway.Operations.Operation;

namespace InterviewGateway.IntegrationTests.Delivery;

/// What happens after a subscriber was down: `recover` replays what failed, and re-enabling a
/// disabled subscription resumes the retries it held back.
[Collection(GatewayCollection.Name)]
public sealed class RecoveryTests(GatewayFactory factory) : GatewayTest(factory)
{
    private TestSubscriber _subscriber = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _subscriber = await StartSubscriberAsync();
    }

    [Fact]
    public async Task Recover_redelivers_only_the_events_whose_last_attempt_failed_with_the_next_attempt_number()
    {
        var subscription = await SubscribeAsync(_subscriber);
        _subscriber.Answer(500, 500, 500, 500); // the first attempt and all three test-schedule retries fail
        var failed = await CompleteByRefreshAsync();
        await _subscriber.WaitForAsync(r => r.Count(d => d.InterviewId == failed) == 4);
        var failedEvent = _subscriber.Received.First(d => d.InterviewId == failed).WebhookId;
        await WaitForStatusAsync(subscription, failedEvent, DeliveryStatus.Failed);

        var delivered = await CompleteByRefreshAsync();
        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == delivered && d.AnsweredStatus == 200));

        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        var recovered = await Client.RecoverAsync(subscription, since);
        Assert.Equal("completed", recovered.GetProperty("state").GetString());
        Assert.Equal(1, recovered.GetProperty("enqueued").GetInt32());

        await _subscriber.WaitForAsync(r => r.Any(d => d.WebhookId == failedEvent && d.AnsweredStatus == 200));
        await WaitForStatusAsync(subscription, failedEvent, DeliveryStatus.Succeeded);
        var latest = await Gateway.ListDeliveriesAsync(subscription, new DeliveryQuery(EventId: failedEvent))
            .FirstAsync();
        Assert.Equal(5, latest.Attempt);

        // Recovering again finds nothing left to replay.
        Assert.Equal(0, (await Client.RecoverAsync(subscription, since)).GetProperty("enqueued").GetInt32());
        await Factory.WaitUntilIdleAsync(); // a replay queued anyway would have been sent by now
        Assert.Single(_subscriber.Received, d => d.InterviewId == delivered);
        Assert.Equal(5, _subscriber.Received.Count(d => d.WebhookId == failedEvent));
        Assert.All(_subscriber.Received, d => Assert.True(d.SignatureValid));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Recover_also_sends_the_events_that_came_while_the_subscription_was_disabled_once()
    {
        var (subscription, missed) = await MissOneWhileDisabledAsync();
        await Factory.WaitUntilIdleAsync(); // anything queued for it would have been sent by now
        Assert.Empty(_subscriber.Received); // not fanned out while disabled, and re-enabling resumes only retries

        var since = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1 - i, (await Client.RecoverAsync(subscription, since)).GetProperty("enqueued").GetInt32());
        }

        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == missed));
        await Factory.WaitUntilIdleAsync(); // a second copy would have been sent by now
        var delivered = Assert.Single(_subscriber.Received);
        Assert.True(delivered.SignatureValid);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_recover_whose_instance_stopped_is_finished_by_another_instance()
    {
        var (subscription, missed) = await MissOneWhileDisabledAsync();

        // An instance started it and stopped before its first save: its lease ended unrenewed.
        var now = DateTimeOffset.UtcNow;
        var abandoned = new Operation($"op_{Guid.NewGuid():N}", SubscriptionRecovery.Kind, subscription,
            now.AddMinutes(-5), InterviewGateway.Contracts.OperationState.Running, 0, 0, null, null, now, now);
        await Factory.Services.GetRequiredService<IOperationStore>().CreateAsync(abandoned, "stopped-instance",
            TimeSpan.Zero, default);

        var finished = await Client.WaitForOperationAsync(abandoned.Id);
        Assert.Equal("completed", finished.GetProperty("state").GetString());
        Assert.Equal(1, finished.GetProperty("enqueued").GetInt32());
        Assert.True(finished.GetProperty("scanned").GetInt32() >= 1);
        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == missed));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_retry_due_while_disabled_is_held_and_re_enabling_sends_it_once()
    {
        var subscription = await SubscribeAsync(_subscriber);
        _subscriber.Answer(500);
        var id = await CompleteByRefreshAsync();
        var first =
            (await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id))).Single(d => d.InterviewId == id);
        await Gateway.UpdateSubscriptionAsync(subscription, new UpdateSubscriptionRequest(Enabled: false));

        // The retry (due about a second later) finds the subscription disabled: it sends and records nothing.
        var held = new RedisKeys(Factory.KeyPrefix).DeliveryHeld(subscription);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await Factory.Redis.Connection.GetDatabase().HashExistsAsync(held, first.WebhookId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the retry was never held back");
            await Task.Delay(100);
        }

        var rows = await Gateway.ListDeliveriesAsync(subscription, new DeliveryQuery(EventId: first.WebhookId))
            .ToListAsync();
        Assert.Equal(DeliveryStatus.Pending, Assert.Single(rows).Status);
        Assert.Single(_subscriber.Received);

        await Gateway.UpdateSubscriptionAsync(subscription, new UpdateSubscriptionRequest(Enabled: true));
        await _subscriber.WaitForAsync(r => r.Any(d => d.WebhookId == first.WebhookId && d.AnsweredStatus == 200));
        await Factory.WaitUntilIdleAsync(); // a duplicate would have been sent by now
        Assert.Equal([500, 200],
            _subscriber.Received.Where(d => d.WebhookId == first.WebhookId).Select(d => d.AnsweredStatus));
        Assert.False(await Factory.Redis.Connection.GetDatabase().KeyExistsAsync(held));
        var latest = await Gateway.ListDeliveriesAsync(subscription, new DeliveryQuery(EventId: first.WebhookId))
            .FirstAsync();
        Assert.Equal(2, latest.Attempt);
        Assert.Equal(DeliveryStatus.Succeeded, latest.Status);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2999-01-01T00:00:00Z")]
    [InlineData("2020-01-01T00:00:00Z")]
    public async Task Recover_refuses_a_since_that_is_not_a_time_in_the_last_30_days(string since)
    {
        var subscription = await SubscribeAsync(_subscriber);
        using var response = await Client.PostAsync($"/v1/subscriptions/{subscription}/recover",
            Infrastructure.Api.Json($$"""{"since":"{{since}}"}"""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation", "since");
    }

    internal async Task<string> SubscribeAsync(TestSubscriber subscriber)
    {
        var id = await Gateway.SubscribeAsync(subscriber,
            new CreateSubscriptionRequest("", ["interview.completed"], ["hindsight"]));
        Subscriptions.Add(id);
        return id;
    }

    /// A subscription that was disabled while an interview completed, then enabled again.
    private async Task<(string Subscription, string Missed)> MissOneWhileDisabledAsync()
    {
        var subscription = await SubscribeAsync(_subscriber);
        await Client.PatchOkAsync($"/v1/subscriptions/{subscription}", """{"enabled":false}""");
        var missed = await CompleteByRefreshAsync();
        await Client.PatchOkAsync($"/v1/subscriptions/{subscription}", """{"enabled":true}""");
        return (subscription, missed);
    }

    private async Task<string> CompleteByRefreshAsync()
    {
        var created = await Client.CreateInterviewAsync();
        Factory.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddSeconds(-1));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("completed",
            (await Client.GetOkAsync($"/v1/interviews/{id}?refresh=true")).GetProperty("status").GetString());
        return id;
    }

    private async Task WaitForStatusAsync(string subscription, string eventId, DeliveryStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Gateway.ListDeliveriesAsync(subscription, new DeliveryQuery(EventId: eventId))
            .FirstOrDefaultAsync() is not { } latest || latest.Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the last attempt of {eventId} never became {status}");
            await Task.Delay(100);
        }
    }
}
