using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Budgets;

/// The use history behind GET /v1/vendors/{vendor}/usage (the console's charts), held to one contract in
/// Redis and in memory: each spent request lands in its minute, hour and day, and counters are not kept
/// past the history that reads them.
public abstract class UseHistoryContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 20, TimeSpan.Zero);

    private static readonly IReadOnlyList<BudgetWindow> Windows =
        BudgetWindow.For(new VendorOptions { RequestsPerMinute = 600 });

    internal abstract IBudgetStore CreateStore();

    protected static string NewVendor() => "v" + Guid.NewGuid().ToString("N")[..12];

    internal static async Task TakeAsync(IBudgetStore store, string vendor, DateTimeOffset at) =>
        Assert.True((await store.TryTakeAsync(vendor, Windows, BudgetPriority.Interactive, at, default)).Taken);

    [Fact]
    public async Task Spent_requests_land_in_their_minute_hour_and_day()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        await TakeAsync(store, vendor, T0);
        await TakeAsync(store, vendor, T0.AddSeconds(30));
        await TakeAsync(store, vendor, T0.AddMinutes(5));
        var early = await store.GetHistoryAsync(vendor, T0.AddMinutes(5), default);
        await TakeAsync(store, vendor, T0.AddHours(3));
        await TakeAsync(store, vendor, T0.AddDays(2));

        var late = await store.GetHistoryAsync(vendor, T0.AddDays(2), default);

        Assert.Equal((60, 24, 30), (early.Minutes.Count, early.Hours.Count, early.Days.Count));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero), early.Minutes[^1].Start);
        Assert.Equal([2L, 0, 0, 0, 0, 1], early.Minutes.TakeLast(6).Select(m => m.Count));
        Assert.Equal(3, early.Hours[^1].Count);
        Assert.Equal(3, early.Days[^1].Count);
        Assert.Equal(1, late.Minutes[^1].Count);
        Assert.Equal(1, late.Minutes.Sum(m => m.Count));
        Assert.Equal(1, late.Hours.Sum(h => h.Count)); // the day-one hours are older than 24 hours
        Assert.Equal([4L, 0, 1], late.Days.TakeLast(3).Select(d => d.Count));
        Assert.Equal(new DateTimeOffset(2026, 1, 7, 0, 0, 0, TimeSpan.Zero), late.Days[^1].Start);
    }

    [Fact]
    public async Task A_vendor_never_called_has_empty_buckets_and_others_do_not_leak_in()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        await TakeAsync(store, NewVendor(), T0);

        var history = await store.GetHistoryAsync(vendor, T0, default);

        Assert.All(history.Minutes.Concat(history.Hours).Concat(history.Days), b => Assert.Equal(0, b.Count));
    }
}

public sealed class InMemoryUseHistoryContractTests : UseHistoryContract
{
    internal override IBudgetStore CreateStore() => new InMemoryBudgetStore();

    [Fact]
    public async Task Counters_past_their_retention_are_dropped()
    {
        var store = new InMemoryBudgetStore();
        var vendor = NewVendor();
        for (var minute = 0; minute < 200; minute++)
        {
            await TakeAsync(store, vendor, T0.AddMinutes(minute));
        }

        // Kept: 125 minutes, and the one hour, day and month counters still inside their retention.
        Assert.InRange(store.CounterCount, 125, 125 + 4 + 1 + 1);
        await TakeAsync(store, vendor, T0.AddDays(40));
        Assert.Equal(4, store.CounterCount);
    }
}

public sealed class RedisUseHistoryContractTests(RedisServerFixture redis)
    : UseHistoryContract, IClassFixture<RedisServerFixture>
{
    private readonly RedisKeys _keys = new($"t-{Guid.NewGuid():N}:");

    internal override IBudgetStore CreateStore() => new RedisBudgetStore(redis.Connection, _keys, BudgetClock.Caller);

    [Fact]
    public async Task Each_counter_expires_once_the_history_no_longer_reads_it()
    {
        var vendor = NewVendor();
        await TakeAsync(CreateStore(), vendor, T0);
        await TakeAsync(CreateStore(), vendor, T0.AddSeconds(30)); // the expiry is set by the period's first

        var db = redis.Connection.GetDatabase();
        Assert.Equal(2, (long)await db.StringGetAsync(_keys.BudgetUsage(vendor, "m", "202601051000")));
        var ttl = async (string kind, string period) =>
            (await db.KeyTimeToLiveAsync(_keys.BudgetUsage(vendor, kind, period)))!.Value;
        Assert.InRange(await ttl("m", "202601051000"), TimeSpan.FromMinutes(61), TimeSpan.FromMinutes(125));
        Assert.InRange(await ttl("h", "2026010510"), TimeSpan.FromHours(25), TimeSpan.FromHours(26));
        Assert.InRange(await ttl("d", "20260105"), TimeSpan.FromDays(31), TimeSpan.FromDays(32));
        Assert.InRange(await ttl("M", "202601"), TimeSpan.FromDays(32), TimeSpan.FromDays(35));
    }
}
