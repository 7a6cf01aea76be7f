using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Stores;

public abstract class InterviewStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    internal abstract IInterviewStore Store { get; }

    internal static Interview Make(string id, int minutes, InterviewStatus status = InterviewStatus.Invited,
        string vendor = "hindsight") => new()
    {
        Id = id, Vendor = vendor, VendorInterviewId = id, Status = status, CreatedAt = T0,
            UpdatedAt = T0.AddMinutes(minutes),
        TrackedSince = T0.AddMinutes(minutes),
        Tracking = new Tracking(TrackingMode.Poll, TrackingState.Active, null, null),
    };

    [Fact]
    public async Task Add_get_replace_with_cas_and_delete()
    {
        var id = $"hindsight_{Guid.NewGuid():N}";
        Assert.True(await Store.TryAddAsync(Make(id, 0), default));
        Assert.False(await Store.TryAddAsync(Make(id, 0), default));
        var stored = await Store.GetAsync(id, default);
        Assert.Equal(1, stored!.Version);

        Assert.True(await Store.TryReplaceAsync(stored with { Objective = "a" }, 1, default));
        Assert.False(await Store.TryReplaceAsync(stored with { Objective = "stale" }, 1, default));
        var replaced = await Store.GetAsync(id, default);
        Assert.Equal((2L, "a"), (replaced!.Version, replaced.Objective));

        Assert.True(await Store.DeleteAsync(id, default));
        Assert.False(await Store.DeleteAsync(id, default));
        Assert.Null(await Store.GetAsync(id, default));
        Assert.False(await Store.TryReplaceAsync(replaced, 2, default));
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters()
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"hindsight_{i}").ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(await Store
                .TryAddAsync(Make(ids[i], i, i == 3 ? InterviewStatus.Completed : InterviewStatus.Invited), default));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.ListAsync(new InterviewQuery(2, cursor, null, null, null), default);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor is null ? null : InterviewIndex.DecodeCursor(page.NextCursor);
            Assert.True(page.NextCursor is null || cursor is not null);
        }
        while (cursor is not null);

        Assert.Equal(ids.Reverse(), seen);
        var completed = await Store.ListAsync(new InterviewQuery(10, null, null, InterviewStatus.Completed, null),
            default);
        Assert.Equal(["hindsight_3"], completed.Items.Select(i => i.Id));
        var recent = await Store.ListAsync(new InterviewQuery(10, null, "hindsight", null, T0.AddMinutes(2)), default);
        Assert.Equal(["hindsight_4", "hindsight_3"], recent.Items.Select(i => i.Id));
        Assert.Empty((await Store.ListAsync(new InterviewQuery(10, null, "instaview", null, null), default)).Items);
        await Store.DeleteAsync("hindsight_4", default);
        Assert.Equal("hindsight_3",
            (await Store.ListAsync(new InterviewQuery(1, null, null, null, null), default)).Items.Single().Id);
    }
}

public abstract class IdempotencyStoreContract
{
    internal abstract IIdempotencyStore Store { get; }

    [Fact]
    public async Task Begin_replay_mismatch_in_progress_and_abandon()
    {
        var key = Guid.NewGuid().ToString("N");
        var ttl = TimeSpan.FromHours(1);
        var (started, _, claim) = await Store.BeginAsync(key, "f1", default);
        Assert.Equal(IdempotencyState.Started, started);
        Assert.NotNull(claim);
        Assert.Equal(IdempotencyState.InProgress, (await Store.BeginAsync(key, "f1", default)).State);
        Assert.Equal(IdempotencyState.Mismatch, (await Store.BeginAsync(key, "f2", default)).State);

        // Someone else's claim cannot complete or abandon this one.
        await Store.CompleteAsync(key, "not-the-claim", "f1", new IdempotentResponse(500, "{}", null), ttl, default);
        await Store.AbandonAsync(key, "not-the-claim", "f1", default);
        Assert.Equal(IdempotencyState.InProgress, (await Store.BeginAsync(key, "f1", default)).State);

        var response = new IdempotentResponse(201, """{"id":"x"}""", "/v1/interviews/x");
        await Store.CompleteAsync(key, claim!, "f1", response, ttl, default);
        var (state, replay, _) = await Store.BeginAsync(key, "f1", default);
        Assert.Equal(IdempotencyState.Replay, state);
        Assert.Equal(response, replay);
        Assert.Equal(IdempotencyState.Mismatch, (await Store.BeginAsync(key, "f2", default)).State);
        await Store.AbandonAsync(key, claim!, "f1", default); // a completed response is not a claim any more
        Assert.Equal(IdempotencyState.Replay, (await Store.BeginAsync(key, "f1", default)).State);

        var other = Guid.NewGuid().ToString("N");
        var (_, _, otherClaim) = await Store.BeginAsync(other, "f1", default);
        await Store.AbandonAsync(other, otherClaim!, "f1", default);
        Assert.Equal(IdempotencyState.Started, (await Store.BeginAsync(other, "f2", default)).State);
    }
}

public abstract class BudgetStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    internal abstract IBudgetStore Store { get; }

    [Fact]
    public async Task Never_exceeds_the_limit_in_any_window()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        var windows = BudgetWindow.For(new Vendors.VendorOptions { RequestsPerMinute = 10 });
        var taken = new List<DateTimeOffset>();
        for (var at = T0; at < T0.AddMinutes(3); at = at.AddMilliseconds(250))
        {
            if ((await Store.TryTakeAsync(vendor, windows, BudgetPriority.Interactive, at, default)).Taken)
            {
                taken.Add(at);
            }
        }

        var max = taken.Select((t, i) => taken.Skip(i).Count(u => u - t < TimeSpan.FromMinutes(1))).Max();
        Assert.True(max <= 10, $"{max} in one minute");
        Assert.True(taken.Count >= 25, $"only {taken.Count} in 3 minutes");
        Assert.Equal(taken.Count(t => t < T0.AddMinutes(1)),
            (await Store.GetUseAsync(vendor, T0.AddSeconds(30), default)).Minute);
    }

    [Fact]
    public async Task A_pause_refuses_until_it_ends()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        var windows = BudgetWindow.For(new Vendors.VendorOptions { RequestsPerMinute = 600 });
        var now = DateTimeOffset.UtcNow; // the Redis pause is a TTL, so it runs on the server's clock
        await Store.PauseUntilAsync(vendor, now.AddSeconds(30), now, default);
        var refused = await Store.TryTakeAsync(vendor, windows, BudgetPriority.Interactive, now, default);
        Assert.False(refused.Taken);
        Assert.True(refused.Paused);
        Assert.InRange(refused.Wait, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        await Store.PauseUntilAsync(vendor, now.AddSeconds(5), now, default); // a shorter pause never shortens it
        Assert.InRange((await Store.TryTakeAsync(vendor, windows, BudgetPriority.Interactive, now, default)).Wait,
            TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.NotNull((await Store.GetUseAsync(vendor, now, default)).PausedUntil);
    }
}

public sealed class InMemoryInterviewStoreTests : InterviewStoreContract
{
    internal override IInterviewStore Store { get; } =
        new InMemoryInterviewStore(new InMemoryEventStore(TimeProvider.System, new()), TimeProvider.System, new());
}

public sealed class InMemoryIdempotencyStoreTests : IdempotencyStoreContract
{
    internal override IIdempotencyStore Store { get; } = new InMemoryIdempotencyStore(TimeProvider.System);
}

public sealed class InMemoryBudgetStoreTests : BudgetStoreContract
{
    internal override IBudgetStore Store { get; } = new InMemoryBudgetStore();
}

public sealed class RedisInterviewStoreTests(RedisServerFixture redis) : InterviewStoreContract,
    IClassFixture<RedisServerFixture>
{
    internal override IInterviewStore Store { get; } =
        new RedisInterviewStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), new(), TimeProvider.System);
}

public sealed class RedisIdempotencyStoreTests(RedisServerFixture redis) : IdempotencyStoreContract,
    IClassFixture<RedisServerFixture>
{
    internal override IIdempotencyStore Store { get; } = new RedisIdempotencyStore(redis.Connection,
        new RedisKeys($"t-{Guid.NewGuid():N}:"));
}

public sealed class RedisBudgetStoreTests(RedisServerFixture redis) : BudgetStoreContract,
    IClassFixture<RedisServerFixture>
{
    internal override IBudgetStore Store { get; } = new RedisBudgetStore(redis.Connection,
        new RedisKeys($"t-{Guid.NewGuid():N}:"), BudgetClock.Caller);
}
