using InterviewGateway.Events;
using InterviewGateway.Tests.Delivery;

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
        await new FanOutSweepJob(_kit.Events, _kit.Publisher, _kit.Time).RunAsync(default);
        Assert.Equal(["evt_1"], _kit.FanOut.FannedOut);
        Assert.Empty(await OutboxAsync());
    }

    public void Dispose() => _kit.Dispose();

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
