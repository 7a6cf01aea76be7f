using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Timeline;

namespace InterviewGateway.IntegrationTests.Stores;

/// A timeline keeps entries in the order they were appended (several in one write too), pages them by
/// position, and keeps only the newest MaxEntries.
public abstract class InterviewTimelineContract
{
    internal abstract IInterviewTimeline Timeline { get; }

    [Fact]
    public async Task Pages_in_append_order_and_keeps_the_newest_entries()
    {
        var id = $"hindsight_{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;
        // Appended in writes of up to 7 entries, as one change's entries are: each write keeps its order.
        foreach (var chunk in Enumerable.Range(0, IInterviewTimeline.MaxEntries + 5).Chunk(7))
        {
            await Timeline.AppendAsync(id,
                [.. chunk.Select(i => new TimelineEntry(TimelineEntryKind.DeliveryAttempt, at, "t") { Attempt = i })],
                default);
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
