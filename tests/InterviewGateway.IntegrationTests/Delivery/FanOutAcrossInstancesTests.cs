using System.Diagnostics.Metrics;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Two instances on one Redis. Instance B's dispatcher has just read the subscriptions (none yet) when
/// instance A creates one; B then commits an event. The relay takes the event out of the outbox, so it
/// must fan out to A's subscription now: B's clock is frozen, so a snapshot that waits to age never would
/// (the chaos test once lost an event this way).
public sealed class FanOutAcrossInstancesTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_event_committed_right_after_another_instance_changed_the_subscriptions_follows_the_change()
    {
        var ct = CancellationToken.None;
        var onA = new RedisSubscriptionStore(redis.Connection, _keys);
        var snapshotOnB = new SubscriptionSnapshot(new RedisSubscriptionStore(redis.Connection, _keys), _time);
        Assert.Empty(await snapshotOnB.GetAsync(ct));

        var subscription = NewSubscription();
        await onA.SaveAsync(subscription, ct);

        var events = new RedisEventStore(redis.Connection, _keys, new RetentionOptions(), _time);
        var queue = new RedisDeliveryQueue(redis.Connection, _keys, _time);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var publisherOnB = new EventPublisher(events, snapshotOnB, queue,
            new GatewayMetrics(services.GetRequiredService<IMeterFactory>()), _time,
            NullLogger<EventPublisher>.Instance);

        var first = await CommitAsync(events, "one");
        await publisherOnB.RelayAsync([first], ct);
        Assert.NotNull(await queue.GetStateAsync(subscription.Id, first.Id, ct));
        Assert.Empty(await events.ReadOutboxAsync(_time.GetUtcNow().AddHours(1), 10, ct));

        // And the other way: once A disabled it, B's next event is not queued to it.
        await onA.UpdateAsync(subscription.Id, s => s with { Enabled = false }, ct);
        var second = await CommitAsync(events, "two");
        await publisherOnB.RelayAsync([second], ct);
        Assert.Null(await queue.GetStateAsync(subscription.Id, second.Id, ct));
    }

    private async Task<GatewayEvent> CommitAsync(RedisEventStore events, string interview)
    {
        var stored = new GatewayEvent($"evt_{interview}_{Guid.NewGuid():N}", "interview.completed",
            $"hindsight_{interview}", "hindsight", _time.GetUtcNow(), 1,
            """{"id":"x","type":"interview.completed","data":{"interview":{"id":"hindsight_x"}}}""")
        {
            StoredAt = _time.GetUtcNow(),
        };
        Assert.True(await events.TryAppendAsync(stored, CancellationToken.None));
        return stored;
    }

    private Subscription NewSubscription() => new()
    {
        Id = "sub_" + Guid.NewGuid().ToString("N"),
        Url = "https://hooks.example.com/x",
        EventTypes = ["interview.completed"],
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        Secrets = [],
    };
}
