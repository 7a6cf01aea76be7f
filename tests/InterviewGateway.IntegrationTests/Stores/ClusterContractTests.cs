using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Budgets;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Interviews;
using InterviewGateway.Operations;
using InterviewGateway.Polling;
using InterviewGateway.Timeline;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Stores;

// Issue 21: every Redis store's contract again, on a 3-primary Redis Cluster. A script or a multi-key
// command that spans two slots fails here (CROSSSLOT, or "Lua script attempted to access a non local
// key") where the single server accepts it, so these suites together run every store operation on slots
// the cluster checks.

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterInterviewStoreTests(RedisClusterFixture redis) : InterviewStoreContract
{
    internal override IInterviewStore Store { get; } =
        new RedisInterviewStore(redis.Connection, RedisClusterCollection.NewKeys(), new(), TimeProvider.System);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterIdempotencyStoreTests(RedisClusterFixture redis) : IdempotencyStoreContract
{
    internal override IIdempotencyStore Store { get; } =
        new RedisIdempotencyStore(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterBudgetStoreTests(RedisClusterFixture redis) : BudgetStoreContract
{
    internal override IBudgetStore Store { get; } =
        new RedisBudgetStore(redis.Connection, RedisClusterCollection.NewKeys(), BudgetClock.Caller);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterEventStoreTests : EventStoreContract
{
    public ClusterEventStoreTests(RedisClusterFixture redis)
    {
        var keys = RedisClusterCollection.NewKeys();
        Events = new RedisEventStore(redis.Connection, keys, new RetentionOptions(), Time);
        Interviews = new RedisInterviewStore(redis.Connection, keys, new RetentionOptions(), Time);
    }

    internal override IEventStore Events { get; }

    internal override IInterviewStore Interviews { get; }
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterDeliveryQueueTests(RedisClusterFixture redis) : DeliveryQueueContract
{
    internal override IDeliveryQueue Queue { get; } =
        new RedisDeliveryQueue(redis.Connection, RedisClusterCollection.NewKeys(), TimeProvider.System);

    private protected override TimeSpan SettledFor(TimeSpan settled) => TimeSpan.Zero; // Redis's clock is real
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterSubscriptionStoreTests(RedisClusterFixture redis) : SubscriptionStoreContract
{
    internal override ISubscriptionStore Store { get; } =
        new RedisSubscriptionStore(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterDeliverySlotsTests(RedisClusterFixture redis) : DeliverySlotsContract
{
    internal override IDeliverySlots Slots { get; } =
        new RedisDeliverySlots(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterFollowUpQueueTests(RedisClusterFixture redis)
    : RedisFollowUpQueueContract(redis.Connection, RedisClusterCollection.NewKeys());

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterPollQueueTests(RedisClusterFixture redis) : PollQueueContract
{
    internal override IPollQueue Queue { get; } =
        new RedisPollQueue(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterOperationStoreTests(RedisClusterFixture redis) : OperationStoreContract
{
    internal override IOperationStore Store { get; } =
        new RedisOperationStore(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterInboundWebhookLogTests(RedisClusterFixture redis) : InboundWebhookLogContract
{
    internal override IInboundWebhookLog Log { get; } = new RedisInboundWebhookLog(redis.Connection,
        RedisClusterCollection.NewKeys(), Options, TimeProvider.System);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterInterviewTimelineTests(RedisClusterFixture redis) : InterviewTimelineContract
{
    internal override IInterviewTimeline Timeline { get; } =
        new RedisInterviewTimeline(redis.Connection, RedisClusterCollection.NewKeys(), new());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterKeyValueStoreTests(RedisClusterFixture redis) : KeyValueStoreContract
{
    internal override IKeyValueStore Store { get; } = new RedisKeyValueStore(redis.Connection);

    protected override Task ElapseAsync(TimeSpan span) => Task.Delay(span);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterCallerRateStoreTests(RedisClusterFixture redis) : CallerRateStoreContract
{
    internal override ICallerRateStore Store { get; } =
        new RedisCallerRateStore(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterCompletionStatsTests(RedisClusterFixture redis) : CompletionStatsContract
{
    internal override ICompletionStats Stats { get; } =
        new RedisCompletionStats(redis.Connection, RedisClusterCollection.NewKeys());
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterPriorityStoreTests(RedisClusterFixture redis) : PriorityStoreContract
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, RedisClusterCollection.NewKeys(), BudgetClock.Caller);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterQuotaWindowTests(RedisClusterFixture redis) : QuotaWindowContract
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, RedisClusterCollection.NewKeys(), BudgetClock.Caller);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterUseHistoryTests(RedisClusterFixture redis) : UseHistoryContract
{
    private readonly RedisKeys _keys = RedisClusterCollection.NewKeys();

    internal override IBudgetStore CreateStore() => new RedisBudgetStore(redis.Connection, _keys, BudgetClock.Caller);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterCallerPriorityTests(RedisClusterFixture redis) : CallerPriorityContract
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, RedisClusterCollection.NewKeys(), BudgetClock.Caller);
}
