using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Tests.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace InterviewGateway.Tests.Events;

public sealed class EventPublisherTests : IDisposable
{
    private readonly DeliveryKit _kit = new();

    [Fact]
    public async Task A_relayed_event_is_fanned_out_and_leaves_the_outbox()
    {
        var stored = await StoreAsync("evt_1");

        await _kit.Publisher.RelayAsync([stored], default);

        Assert.Equal(["evt_1"], _kit.FanOut.FannedOut);
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task An_event_whose_fan_out_failed_stays_in_the_outbox_for_the_sweep()
    {
        var stored = await StoreAsync("evt_1");
        _kit.FanOut.Failure = new TimeoutException("redis");

        await _kit.Publisher.RelayAsync([stored], default); // never throws: the change is already stored
        Assert.Equal(["evt_1"], (await OutboxAsync()).Select(e => e.Id));

        _kit.FanOut.Failure = null;
        _kit.Time.Advance(TimeSpan.FromMinutes(5));
        await Sweep().RunAsync(default);
        Assert.Equal(["evt_1"], _kit.FanOut.FannedOut);
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task One_entry_that_cannot_be_relayed_does_not_stop_the_sweep_of_the_others()
    {
        foreach (var id in new[] { "evt_1", "evt_2", "evt_3" })
        {
            await StoreAsync(id); // stored, never relayed: the committing process died
        }

        _kit.FanOut.Failing.Add("evt_2");
        _kit.Time.Advance(TimeSpan.FromMinutes(5));
        var logger = new FakeLogger<OutboxSweep>();

        Assert.Equal(2, await Sweep(logger: logger).RunAsync(default));
        Assert.Equal(["evt_1", "evt_3"], _kit.FanOut.FannedOut);
        Assert.Equal(["evt_2"], (await OutboxAsync()).Select(e => e.Id)); // for the next pass
        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Collector.GetSnapshot()).Level);
    }

    [Fact]
    public async Task Only_one_instance_sweeps_at_a_time()
    {
        await StoreAsync("evt_1");
        _kit.Time.Advance(TimeSpan.FromMinutes(5));
        var shared = new InMemoryKeyValueStore(_kit.Time); // the store every instance shares

        await using (var other = await JobLease.TryAcquireAsync(shared, Keys.OutboxSweepLease,
                         OutboxSweep.LeaseTime, _kit.Time, default))
        {
            Assert.NotNull(other); // another instance is sweeping
            Assert.Equal(0, await Sweep(shared).RunAsync(default));
            Assert.Empty(_kit.FanOut.FannedOut);
        }

        Assert.Equal(1, await Sweep(shared).RunAsync(default));
        Assert.Equal(["evt_1"], _kit.FanOut.FannedOut);
    }

    public void Dispose() => _kit.Dispose();

    private static readonly RedisKeys Keys = new("t:");

    private OutboxSweep Sweep(IKeyValueStore? leases = null, FakeLogger<OutboxSweep>? logger = null) =>
        new(_kit.Events, _kit.Publisher, leases ?? new InMemoryKeyValueStore(_kit.Time), Keys,
            new InMemorySharedClock(_kit.Time), _kit.Time, logger ?? new FakeLogger<OutboxSweep>());

    private async Task<GatewayEvent> StoreAsync(string id)
    {
        var stored = new GatewayEvent(id, EventTypes.Completed, "hindsight_1", "hindsight", _kit.Time.GetUtcNow(), 2,
            "{}") { StoredAt = _kit.Time.GetUtcNow() };
        Assert.True(await _kit.Events.TryAppendAsync(stored, default));
        return stored;
    }

    private Task<IReadOnlyList<GatewayEvent>> OutboxAsync() =>
        _kit.Events.ReadOutboxAsync(_kit.Time.GetUtcNow().AddHours(1), 10, default);
}
