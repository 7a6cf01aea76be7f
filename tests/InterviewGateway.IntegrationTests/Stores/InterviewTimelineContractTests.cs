using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Timeline;

namespace InterviewGateway.IntegrationTests.Stores;

/// A timeline keeps entries in the order they were appended, pages them by position, and keeps only
/// the newest MaxEntries.
public abstract class InterviewTimelineContract
{
    internal abstract IInterviewTimeline Timeline { get; }

    [Fact]
    public async Task Pages_in_append_order_and_keeps_the_newest_entries()
    {
        var id = $"hindsight_{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < IInterviewTimeline.MaxEntries + 5; i++)
        {
            var entry = new TimelineEntry(TimelineEntryKind.DeliveryAttempt, at, "t") { Attempt = i };
            await Timeline.AppendAsync(id, entry, default);
        }

        var attempts = new List<int>();
        long? next = 0;
        while (next is { } start)
        {
            var (items, following) = await Timeline.ListAsync(id, start, 100, default);
            Assert.True(items.Count == 100 || following is null);
            attempts.AddRange(items.Select(e => e.Attempt!.Value));
            next = following;
        }

        Assert.Equal(Enumerable.Range(5, IInterviewTimeline.MaxEntries), attempts);
        Assert.Empty((await Timeline.ListAsync("hindsight_none", 0, 10, default)).Items);
    }
}

public sealed class InMemoryInterviewTimelineTests : InterviewTimelineContract
{
    internal override IInterviewTimeline Timeline { get; } = new InMemoryInterviewTimeline(new());
}

public sealed class RedisInterviewTimelineTests(RedisServerFixture redis) : InterviewTimelineContract,
    IClassFixture<RedisServerFixture>
{
    internal override IInterviewTimeline Timeline { get; } =
        new RedisInterviewTimeline(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), new());
}
