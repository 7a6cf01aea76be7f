using System.Diagnostics.Metrics;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Issue 17, the clock rule: an outbox entry is stamped with Redis's clock (`StoredAt`) by the instance that
/// committed it, and swept by whichever instance holds the sweep. On the sweeper's own clock, one running a
/// minute behind left a dead process's entry unrelayed for that minute more, and one running ahead relayed
/// entries their committing process was still relaying.
public sealed class OutboxSweepClockSkewTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");
    private readonly RecordingFanOut _fanOut = new();

    [Fact]
    public async Task A_sweeper_whose_clock_is_behind_relays_an_entry_older_than_the_grace()
    {
        var shared = new RedisSharedClock(redis.Connection, _keys);
        var orphan = await CommitAsync((await shared.GetUtcNowAsync(default)) - TimeSpan.FromSeconds(30));

        var relayed = await SweepAsync(new FakeTimeProvider(DateTimeOffset.UtcNow - Skew));

        Assert.Equal(1, relayed);
        Assert.Equal([orphan.Id], _fanOut.FannedOut);
    }

    [Fact]
    public async Task A_sweeper_whose_clock_is_ahead_leaves_an_entry_within_the_grace_to_its_committer()
    {
        var shared = new RedisSharedClock(redis.Connection, _keys);
        await CommitAsync(await shared.GetUtcNowAsync(default));

        var relayed = await SweepAsync(new FakeTimeProvider(DateTimeOffset.UtcNow + Skew));

        Assert.Equal(0, relayed);
        Assert.Empty(_fanOut.FannedOut);
    }

    private async Task<int> SweepAsync(TimeProvider instanceClock)
    {
        var events = new RedisEventStore(redis.Connection, _keys, new RetentionOptions(), instanceClock);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var publisher = new EventPublisher(events, _fanOut,
            new GatewayMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<EventPublisher>.Instance);
        var logger = new FakeLogger<OutboxSweep>();
        var sweep = new OutboxSweep(events, publisher, new RedisKeyValueStore(redis.Connection), _keys,
            new RedisSharedClock(redis.Connection, _keys), instanceClock, logger);
        var relayed = await sweep.RunAsync(CancellationToken.None);
        Assert.Empty(logger.Collector.GetSnapshot());
        return relayed;
    }

    private async Task<GatewayEvent> CommitAsync(DateTimeOffset storedAt)
    {
        var events = new RedisEventStore(redis.Connection, _keys, new RetentionOptions(), TimeProvider.System);
        var stored = new GatewayEvent($"evt_sweep_{Guid.NewGuid():N}", "interview.completed", "hindsight_sweep",
            "hindsight", storedAt, 1, """{"id":"x","type":"interview.completed"}""") { StoredAt = storedAt };
        Assert.True(await events.TryAppendAsync(stored, CancellationToken.None));
        return stored;
    }

    private sealed class RecordingFanOut : IEventFanOut
    {
        public List<string> FannedOut { get; } = [];

        public Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
        {
            FannedOut.Add(stored.Id);
            return Task.CompletedTask;
        }
    }
}
