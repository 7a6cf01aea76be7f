using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Delivery;

public sealed class FailureStreakTests
{
    private static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryKeyValueStore _marks;
    private readonly FailureStreak _streak;

    public FailureStreakTests()
    {
        _marks = new InMemoryKeyValueStore(_time);
        _streak = Instance();
    }

    private FailureStreak Instance() =>
        new(_marks, new RedisKeys("t:"), new InMemorySharedClock(_time));

    [Fact]
    public async Task A_failure_on_one_instance_between_two_successes_on_another_leaves_no_stale_streak()
    {
        // Issue 17: A's second success came within a second of its first, so it cleared nothing, and B's
        // failure between them stood; one failure five days later disabled a subscriber that never failed.
        var (a, b) = (_streak, Instance());
        Assert.Null(await a.RecordAsync("sub_a", succeeded: true, CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.NotNull(await b.RecordAsync("sub_a", succeeded: false, CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Null(await a.RecordAsync("sub_a", succeeded: true, CancellationToken.None));

        _time.Advance(DisableAfter);
        var failing = await b.RecordAsync("sub_a", succeeded: false, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, failing!.Value.For);
        Assert.False(FailureStreak.ShouldDisable(failing.Value.For, DisableAfter));
    }

    [Fact]
    public async Task Failures_count_from_the_first_failure_after_a_success_and_a_success_resets_them()
    {
        var start = _time.GetUtcNow();
        Assert.Equal((start, TimeSpan.Zero), await FailAsync());
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal((start, TimeSpan.FromDays(3)), await FailAsync());

        Assert.Null(await _streak.RecordAsync("sub_a", succeeded: true, CancellationToken.None));
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal((_time.GetUtcNow(), TimeSpan.Zero), await FailAsync());
    }

    [Fact]
    public async Task Only_a_subscription_failing_for_the_whole_window_is_disabled()
    {
        await FailAsync();
        _time.Advance(DisableAfter - TimeSpan.FromSeconds(1));
        Assert.False(FailureStreak.ShouldDisable((await FailAsync())!.Value.For, DisableAfter));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(FailureStreak.ShouldDisable((await FailAsync())!.Value.For, DisableAfter));

        await _streak.ResetAsync("sub_a", CancellationToken.None); // re-enabled: a fresh window
        _time.Advance(TimeSpan.FromDays(1));
        Assert.False(FailureStreak.ShouldDisable((await FailAsync())!.Value.For, DisableAfter));
    }

    [Fact]
    public async Task Streaks_are_per_subscription()
    {
        await FailAsync();
        _time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(TimeSpan.Zero,
            (await _streak.RecordAsync("sub_b", succeeded: false, CancellationToken.None))!.Value.For);
        Assert.Equal(TimeSpan.FromDays(6), (await FailAsync())!.Value.For);
    }

    private Task<(DateTimeOffset Since, TimeSpan For)?> FailAsync() =>
        _streak.RecordAsync("sub_a", succeeded: false, CancellationToken.None);
}
