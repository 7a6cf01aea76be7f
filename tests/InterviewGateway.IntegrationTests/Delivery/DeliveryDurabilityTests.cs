using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Inbound;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Delivery;

/// What keeps deliveries exactly-once-per-subscription under crashes and at-least-once job execution.
[Collection(GatewayCollection.Name)]
public sealed class DeliveryDurabilityTests(GatewayFactory factory)
    : SubscribedTest(factory, new Client.Models.CreateSubscriptionRequest("", Vendors: ["hindsight"]))
{
    [Fact]
    public async Task The_sweep_delivers_an_event_whose_fan_out_was_cut_off_and_a_stale_message_sends_nothing()
    {
        var events = Factory.Services.GetRequiredService<IEventStore>();
        var storedAt = DateTimeOffset.UtcNow.AddMinutes(1); // after the subscription was created
        var orphan = new GatewayEvent("evt_sweep_" + Guid.NewGuid().ToString("N")[..16], "interview.completed",
            "hindsight_sweep", "hindsight",
            DateTimeOffset.UtcNow, 1,
            """{"id":"x","type":"interview.completed","data":{"interview":{"id":"hindsight_sweep"}}}""")
        {
            StoredAt = storedAt,
        };
        // stored, but the process "died" before fan-out
        Assert.True(await events.TryAppendAsync(orphan, CancellationToken.None));

        // The sweep looks at events stored 30 s to 1 h ago; run it as if two minutes had passed, twice.
        var later = new FixedTime(storedAt.AddMinutes(2));
        var sweep = ActivatorUtilities.CreateInstance<OutboxSweep>(Factory.Services, (TimeProvider)later,
            (ISharedClock)new InMemorySharedClock(later));
        await sweep.RunAsync(CancellationToken.None);
        await sweep.RunAsync(CancellationToken.None);
        await Subscriber.WaitForAsync(r => r.Any(d => d.WebhookId == orphan.Id));

        // A second copy of the same attempt's message (as a crashed instance's claimed copy would be)
        // finds the attempt delivered and stands aside.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Factory.Services.GetRequiredService<IDeliveryQueue>().GetStateAsync(Subscription, orphan.Id,
            CancellationToken.None))?.Kind
            != DeliveryStateKind.Delivered)
        {
            Assert.True(DateTime.UtcNow < deadline, "the delivery was never recorded as delivered");
            await Task.Delay(50);
        }

        var stream = new RedisKeys(Factory.KeyPrefix).DeliveryStream(Subscription);
        await Factory.Redis.Connection.GetDatabase().StreamAddAsync(stream,
            [new("e", orphan.Id), new("a", 1), new("d", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);

        await Factory.WaitUntilIdleAsync(); // the stale copy was read and finished (sending, wrongly, or not)
        var delivered = Assert.Single(Subscriber.Received, d => d.WebhookId == orphan.Id);
        Assert.True(delivered.SignatureValid);
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_webhook_follow_up_for_an_interview_the_vendor_does_not_have_is_dropped_not_retried()
    {
        var followUps = Factory.Services.GetRequiredService<FollowUpDispatcher>();
        var unknown = Guid.NewGuid().ToString();

        // A final answer: retrying cannot change it.
        Assert.Equal(FollowUpOutcome.Dropped,
            await followUps.RunAsync(new PendingFollowUp("userjourneys", unknown, 0), CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound,
            (await Client.GetAsync($"/v1/interviews/userjourneys_{unknown}")).StatusCode);
        Assert.Contains(Factory.Logs.Entries, e => e.EventId.Id == 6001
            && e.Message.Contains(unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manual_retry_to_a_disabled_subscription_is_refused_and_nothing_is_sent()
    {
        var stored = new GatewayEvent("evt_manual_" + Guid.NewGuid().ToString("N")[..16], "interview.completed",
            "hindsight_manual", "hindsight",
            DateTimeOffset.UtcNow, 1, """{"id":"x"}""")
        {
            StoredAt = DateTimeOffset.UtcNow,
        };
        await Factory.Services.GetRequiredService<IEventStore>().TryAppendAsync(stored, CancellationToken.None);
        using var disabled = await Client.PatchAsync($"/v1/subscriptions/{Subscription}",
            Infrastructure.Api.Json("""{"enabled":false}"""));
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        using var retry = await Client.PostAsync($"/v1/subscriptions/{Subscription}/deliveries/{stored.Id}/retry",
            null);
        await retry.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Empty(Subscriber.Received);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
