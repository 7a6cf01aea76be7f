using System.Net;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace InterviewGateway.Tests.Delivery;

/// Issue 17, the clock rule: a failed attempt's retry is due at a time one instance writes and another
/// instance's dispatcher compares. Both read the shared clock (here the stores' clock; Redis `TIME` in
/// production): on their own clocks, an instance a minute behind stamped a retry that a correct one sent at
/// once, and a dispatcher a minute ahead sent it 30 s before the subscriber's Retry-After allowed.
public sealed class RetryClockSkewTests : IDisposable
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private readonly DeliveryKit _kit = new();
    private readonly ISharedClock _shared;

    public RetryClockSkewTests() => _shared = new InMemorySharedClock(_kit.Time);

    [Fact]
    public async Task A_retry_stamped_by_a_slow_instance_is_sent_by_a_fast_one_when_the_retry_after_says()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var stored = await _kit.StoreEventAsync();
        Assert.True(await _kit.Queue.TryEnqueueFirstAsync(subscription.Id, stored.Id, default));
        var message = (await _kit.Queue.ReadAsync([subscription.Id], 10, "slow", default)).Single();
        _kit.Subscriber.Answer = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Headers = { RetryAfter = new(TimeSpan.FromSeconds(30)) },
        };

        await Service(new Offset(_kit.Time, -Skew)).ProcessAsync(message, subscription, default);

        var due = _kit.Time.GetUtcNow() + TimeSpan.FromSeconds(30);
        Assert.Equal(due, (await _kit.Queue.GetStateAsync(subscription.Id, stored.Id, default))!.Value.At);

        _kit.Subscriber.Answer = () => new HttpResponseMessage(HttpStatusCode.OK);
        var fast = new Offset(_kit.Time, Skew);
        var logger = new FakeLogger<DeliveryDispatcher>();
        var dispatcher = Dispatcher(fast, logger);
        await dispatcher.StepToCompletionAsync(default);
        Assert.Single(_kit.Subscriber.Received); // not yet: the subscriber asked for 30 s
        Assert.Equal(1, await _kit.Queue.ScheduledCountAsync(default));

        _kit.Time.Advance(TimeSpan.FromSeconds(31));
        await dispatcher.StepToCompletionAsync(default);
        Assert.Equal(2, _kit.Subscriber.Received.Count);
        Assert.Equal(DeliveryStateKind.Delivered,
            (await _kit.Queue.GetStateAsync(subscription.Id, stored.Id, default))!.Value.Kind);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    public void Dispose() => _kit.Dispose();

    private DeliveryService Service(TimeProvider instanceClock)
    {
        var interviews = new InMemoryInterviewStore(_kit.Events, _kit.Time, new RetentionOptions());
        return new DeliveryService(_kit.Events, _kit.Queue,
            new HeldDeliveries(_kit.Subscriptions, _kit.Queue, _kit.Streak), new FullPayload(interviews), _kit.Sender,
            _kit.Ledger, Timeline.Recorder(instanceClock), _kit.Options, _shared, instanceClock);
    }

    private DeliveryDispatcher Dispatcher(TimeProvider instanceClock, FakeLogger<DeliveryDispatcher> logger)
    {
        var slots = new InMemoryDeliverySlots(_kit.Time);
        return new DeliveryDispatcher(_kit.Queue, new DeliveryLanes(_kit.Queue, slots),
            new DeliveryLaneMaintenance(_kit.Queue, _kit.Queue, slots, _kit.Metrics, instanceClock,
                new FakeLogger<DeliveryLaneMaintenance>()),
            new SubscriptionSnapshot(_kit.Subscriptions, instanceClock), Service(instanceClock), _kit.Options,
            _kit.Metrics, _shared, instanceClock, logger);
    }

    /// An instance's clock: the shared one plus a fixed skew.
    private sealed class Offset(TimeProvider shared, TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => shared.GetUtcNow() + skew;
    }
}
