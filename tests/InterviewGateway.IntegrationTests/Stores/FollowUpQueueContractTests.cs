using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Contracts;
using InterviewGateway.Timeline;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Stores;

/// The inbound queue: the dedupe mark and the owed follow-up are one write; an owed follow-up is only
/// forgotten once it completed; a dead lease comes back; a failure comes back after its delay with one
/// more failure counted. Redis keeps time by its own clock, so its half waits in real time (short leases).
public abstract class FollowUpQueueContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    internal abstract IFollowUpQueue Queue { get; }

    internal abstract IInboundWebhookLog Log { get; }

    internal abstract IInterviewTimeline Timeline { get; }

    protected abstract Task PassAsync(TimeSpan time);

    /// A fresh dedupe mark for a webhook about the interview (on Redis, RedisKeys places it beside the queue).
    protected virtual string Mark(string vendor, string id) => $"mark:{Guid.NewGuid():N}";

    private static FollowUpAccept Accept(string mark, string vendor, string id) => new(mark, "{}", Week, vendor, id);

    [Fact]
    public async Task Accepting_writes_the_trace_the_log_entry_and_the_timeline_entry_as_accepted_or_duplicate()
    {
        var id = Guid.NewGuid().ToString();
        var mark = Mark("instaview", id);
        const string Trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var accept = Accept(mark, "instaview", id) with
        {
            TraceParent = Trace,
            LogEntry = InboundWebhook.Of("instaview", [1, 2, 3], InboundWebhookOutcome.Accepted,
                eventName: "interview.completed", vendorInterviewId: id),
            TimelineEntry = new TimelineEntry(TimelineEntryKind.InboundWebhook, DateTimeOffset.UnixEpoch, "t1"),
        };
        Assert.True(await Queue.AcceptAsync(accept, default));
        Assert.False(await Queue.AcceptAsync(accept with { TraceParent = null }, default));

        var (logged, _) = await Log.ListAsync(new InboundWebhookQuery(10, null, null, null, null, null), default);
        var ofThis = logged.Where(e => e.VendorInterviewId == id).Reverse().ToList();
        Assert.Equal([InboundWebhookOutcome.Accepted, InboundWebhookOutcome.Duplicate],
            ofThis.Select(e => e.Outcome));
        Assert.All(ofThis,
            e => Assert.Equal(("instaview", "interview.completed", 3), (e.Vendor, e.Event, e.BodyBytes)));
        var (timeline, _) = await Timeline.ListAsync($"instaview_{id}", 0, 10, default);
        Assert.Equal(ofThis.Select(e => (e.Id, e.Outcome.ToString().ToLowerInvariant())),
            timeline.Select(e => (e.WebhookId!, e.Outcome!)));
        Assert.All(timeline, e => Assert.Equal((TimelineEntryKind.InboundWebhook, "t1"), (e.Kind, e.TraceId)));

        // The follow-up carries the accepted webhook's trace; once done, the next one for it carries its own.
        var leased = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        Assert.Equal(Trace, leased.TraceParent);
        await Queue.CompleteAsync(leased, default);
        Assert.True(await Queue.AcceptAsync(Accept(Mark("instaview", id), "instaview", id), default));
        await PassAsync(TimeSpan.FromMilliseconds(5));
        var next = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        Assert.Null(next.TraceParent);
        await Queue.CompleteAsync(next, default);
    }

    [Fact]
    public async Task A_duplicate_is_refused_only_while_its_follow_up_is_owed_or_done_and_a_dead_lease_comes_back()
    {
        var id = Guid.NewGuid().ToString();
        var mark = Mark("instaview", id);
        Assert.True(await Queue.AcceptAsync(Accept(mark, "instaview", id), default));
        Assert.False(await Queue.AcceptAsync(Accept(mark, "instaview", id), default));
        Assert.Equal(1, await Queue.CountAsync(default));

        // An instance leases it and dies: nobody else gets it until the lease ends.
        var leased = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        Assert.Equal(("instaview", id, 0), (leased.Vendor, leased.VendorInterviewId, leased.Failures));
        Assert.Empty(await Queue.LeaseAsync(10, Lease, default));
        await PassAsync(Lease + TimeSpan.FromMilliseconds(50));
        var again = Assert.Single(await Queue.LeaseAsync(10, Lease, default));

        // Another webhook for the same interview while the lease is out keeps it owed after completion.
        Assert.True(await Queue.AcceptAsync(Accept(Mark("instaview", id), "instaview", id), default));
        await Queue.CompleteAsync(again, default);
        await PassAsync(TimeSpan.FromMilliseconds(5));
        var third = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        await Queue.CompleteAsync(third, default);
        await PassAsync(Lease + TimeSpan.FromMilliseconds(50));
        Assert.Empty(await Queue.LeaseAsync(10, Lease, default));
        Assert.Equal(0, await Queue.CountAsync(default));
    }

    [Fact]
    public async Task A_failed_follow_up_comes_back_after_its_delay_with_its_failures_counted()
    {
        var id = Guid.NewGuid().ToString();
        Assert.True(await Queue.AcceptAsync(Accept(Mark("userjourneys", id), "userjourneys", id), default));
        var first = Assert.Single(await Queue.LeaseAsync(10, TimeSpan.FromMinutes(2), default));

        await Queue.RetryAsync(first, TimeSpan.FromMilliseconds(400), default);
        Assert.Empty(await Queue.LeaseAsync(10, Lease, default));
        await PassAsync(TimeSpan.FromMilliseconds(450));
        var second = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        Assert.Equal(1, second.Failures);

        // A retry recorded with a lease that is no longer the item's own changes nothing.
        await Queue.RetryAsync(first, TimeSpan.FromHours(1), default);
        await Queue.CompleteAsync(second, default);
        Assert.Equal(0, await Queue.CountAsync(default));
    }
}

public sealed class InMemoryFollowUpQueueTests : FollowUpQueueContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryFollowUpQueueTests()
    {
        Log = new InMemoryInboundWebhookLog(Options.Create(new InboundWebhookLogOptions()), _time);
        Timeline = new InMemoryInterviewTimeline(new());
        Queue = new InMemoryFollowUpQueue(new InMemoryKeyValueStore(_time), Log, Timeline, _time);
    }

    internal override IFollowUpQueue Queue { get; }

    internal override IInboundWebhookLog Log { get; }

    internal override IInterviewTimeline Timeline { get; }

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class RedisFollowUpQueueTests(RedisServerFixture redis)
    : RedisFollowUpQueueContract(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:")),
    IClassFixture<RedisServerFixture>;

/// The Redis stores on one server or a cluster (ClusterFollowUpQueueTests): marks are placed as RedisKeys
/// places them, beside the queue, so the accept script stays on one slot.
public abstract class RedisFollowUpQueueContract : FollowUpQueueContract
{
    private readonly RedisKeys _keys;

    internal RedisFollowUpQueueContract(IConnectionMultiplexer connection, RedisKeys keys)
    {
        _keys = keys;
        var options = Options.Create(new InboundWebhookLogOptions());
        Log = new RedisInboundWebhookLog(connection, keys, options, TimeProvider.System);
        Timeline = new RedisInterviewTimeline(connection, keys, new());
        Queue = new RedisFollowUpQueue(connection, keys, options, new());
    }

    internal override IFollowUpQueue Queue { get; }

    internal override IInboundWebhookLog Log { get; }

    internal override IInterviewTimeline Timeline { get; }

    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    protected override string Mark(string vendor, string id) =>
        _keys.VendorWebhookSeen(vendor, id, $"{Guid.NewGuid():N}");
}
