using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// Inbound webhooks: the dedupe mark and the owed follow-up are one write, and an owed follow-up is
/// only forgotten once its job was enqueued; a pump that died holding a lease gives it back.
public abstract class WebhookFollowUpsContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    internal abstract IWebhookFollowUps FollowUps { get; }

    [Fact]
    public async Task A_duplicate_is_refused_only_while_its_follow_up_is_owed_or_done_and_a_dead_lease_comes_back()
    {
        var mark = $"mark:{Guid.NewGuid():N}";
        var id = Guid.NewGuid().ToString();
        Assert.True(await FollowUps.AcceptAsync(mark, "{}", TimeSpan.FromDays(7), "instaview", id, default));
        Assert.False(await FollowUps.AcceptAsync(mark, "{}", TimeSpan.FromDays(7), "instaview", id, default));

        // A pump leases it and dies before enqueueing: nobody else gets it until the lease ends.
        var leased = Assert.Single(await FollowUps.LeaseAsync(10, TimeSpan.FromSeconds(30), default));
        Assert.Equal(("instaview", id), (leased.Vendor, leased.VendorInterviewId));
        Assert.Empty(await FollowUps.LeaseAsync(10, TimeSpan.FromSeconds(30), default));
        Time.Advance(TimeSpan.FromSeconds(31));
        var again = Assert.Single(await FollowUps.LeaseAsync(10, TimeSpan.FromSeconds(30), default));

        // Another webhook for the same interview while the lease is out keeps it owed after completion.
        Assert.True(await FollowUps.AcceptAsync($"mark:{Guid.NewGuid():N}", "{}", TimeSpan.FromDays(7), "instaview",
            id, default));
        await FollowUps.CompleteAsync(again, default);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var third = Assert.Single(await FollowUps.LeaseAsync(10, TimeSpan.FromSeconds(30), default));
        await FollowUps.CompleteAsync(third, default);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await FollowUps.LeaseAsync(10, TimeSpan.FromSeconds(30), default));
    }
}

public sealed class InMemoryWebhookFollowUpsTests : WebhookFollowUpsContract
{
    public InMemoryWebhookFollowUpsTests() =>
        FollowUps = new InMemoryWebhookFollowUps(new InMemoryKeyValueStore(Time), Time);

    internal override IWebhookFollowUps FollowUps { get; }
}

public sealed class RedisWebhookFollowUpsTests : WebhookFollowUpsContract, IClassFixture<RedisServerFixture>
{
    public RedisWebhookFollowUpsTests(RedisServerFixture redis) =>
        FollowUps = new RedisWebhookFollowUps(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), Time);

    internal override IWebhookFollowUps FollowUps { get; }
}
