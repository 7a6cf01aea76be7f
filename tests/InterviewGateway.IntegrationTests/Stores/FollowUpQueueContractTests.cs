using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// The inbound queue: the dedupe mark and the owed follow-up are one write; an owed follow-up is only
/// forgotten once it completed; a dead lease comes back; a failure comes back after its delay with one
/// more failure counted. Redis keeps time by its own clock, so its half waits in real time (short leases).
public abstract class FollowUpQueueContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    internal abstract IFollowUpQueue Queue { get; }

    protected abstract Task PassAsync(TimeSpan time);

    /// A fresh dedupe mark for a webhook about the interview (on Redis, RedisKeys places it beside the queue).
    protected virtual string Mark(string vendor, string id) => $"mark:{Guid.NewGuid():N}";

    [Fact]
    public async Task A_duplicate_is_refused_only_while_its_follow_up_is_owed_or_done_and_a_dead_lease_comes_back()
    {
        var id = Guid.NewGuid().ToString();
        var mark = Mark("instaview", id);
        Assert.True(await Queue.AcceptAsync(mark, "{}", Week, "instaview", id, default));
        Assert.False(await Queue.AcceptAsync(mark, "{}", Week, "instaview", id, default));
        Assert.Equal(1, await Queue.CountAsync(default));

        // An instance leases it and dies: nobody else gets it until the lease ends.
        var leased = Assert.Single(await Queue.LeaseAsync(10, Lease, default));
        Assert.Equal(("instaview", id, 0), (leased.Vendor, leased.VendorInterviewId, leased.Failures));
        Assert.Empty(await Queue.LeaseAsync(10, Lease, default));
        await PassAsync(Lease + TimeSpan.FromMilliseconds(50));
        var again = Assert.Single(await Queue.LeaseAsync(10, Lease, default));

        // Another webhook for the same interview while the lease is out keeps it owed after completion.
        Assert.True(await Queue.AcceptAsync(Mark("instaview", id), "{}", Week, "instaview", id, default));
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
        Assert.True(await Queue.AcceptAsync(Mark("userjourneys", id), "{}", Week, "userjourneys", id, default));
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

    public InMemoryFollowUpQueueTests() => Queue = new InMemoryFollowUpQueue(new InMemoryKeyValueStore(_time), _time);

    internal override IFollowUpQueue Queue { get; }

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class RedisFollowUpQueueTests : FollowUpQueueContract, IClassFixture<RedisServerFixture>
{
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");

    public RedisFollowUpQueueTests(RedisServerFixture redis) => Queue = new RedisFollowUpQueue(redis.Connection, _keys);

    internal override IFollowUpQueue Queue { get; }

    protected override string Mark(string vendor, string id) =>
        _keys.VendorWebhookSeen(vendor, id, $"{Guid.NewGuid():N}");

    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);
}
