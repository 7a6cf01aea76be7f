using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Interviews;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// The outbox and the recorded-order listing, on both stores: an interview change and its events are
/// one commit, and listing reaches every retained event, however old its vendor timestamp.
public abstract class EventStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(T0.AddDays(20));

    internal abstract IEventStore Events { get; }

    internal abstract IInterviewStore Interviews { get; }

    /// `id` (evt_...) with its first four characters after `evt_` replaced by the interview's routing code,
    /// as DetectedEvent makes them, so the event shares its interview's partition (a cluster needs it).
    internal static GatewayEvent Event(string id, DateTimeOffset storedAt, DateTimeOffset? vendorTime = null,
        string interviewId = "hindsight_1",
        string type = EventTypes.Completed)
    {
        var routed = "evt_" + RoutingCode.Hex(interviewId) + id[4..];
        return new(routed, type, interviewId, "hindsight", vendorTime ?? storedAt, 1, $$"""{"id":"{{routed}}"}""")
        {
            StoredAt = storedAt,
        };
    }

    [Fact]
    public async Task A_change_and_its_events_commit_together_and_a_lost_race_stores_neither()
    {
        var interview = InterviewStoreContract.Make($"hindsight_{Guid.NewGuid():N}", 0);
        var first = Event("evt_a_" + Guid.NewGuid().ToString("N")[..20], Time.GetUtcNow(), interviewId: interview.Id);
        Assert.Equal([first.Id], (await Interviews.TryAddAsync(interview, [first], default))!.Select(e => e.Id));

        var second = Event("evt_b_" + Guid.NewGuid().ToString("N")[..20], Time.GetUtcNow(), interviewId: interview.Id);
        Assert.Null(await Interviews.TryReplaceAsync(interview with { Objective = "stale" }, 7, [second], default));
        Assert.Null(await Events.GetAsync(second.Id, default));

        // The same fact found again is not a second event; a new fact commits with the change.
        var committed = await Interviews.TryReplaceAsync(interview with { Objective = "new" }, 1, [first, second],
            default);
        Assert.Equal([second.Id], committed!.Select(e => e.Id));
        Assert.Equal("new", (await Interviews.GetAsync(interview.Id, default))!.Objective);
        Assert.Equal(second.Id, (await Events.GetAsync(second.Id, default))!.Id);
    }

    [Fact]
    public async Task The_outbox_holds_committed_events_until_acknowledged()
    {
        var a = Event("evt_o1_" + Guid.NewGuid().ToString("N")[..19], Time.GetUtcNow().AddSeconds(-30));
        var b = Event("evt_o2_" + Guid.NewGuid().ToString("N")[..19], Time.GetUtcNow().AddSeconds(-20));
        var fresh = Event("evt_o3_" + Guid.NewGuid().ToString("N")[..19], Time.GetUtcNow());
        foreach (var e in new[] { b, fresh, a })
        {
            Assert.True(await Events.TryAppendAsync(e, default));
        }

        Assert.False(await Events.TryAppendAsync(a, default));
        var due = await Events.ReadOutboxAsync(Time.GetUtcNow().AddSeconds(-10), 100, default);
        Assert.Equal([a.Id, b.Id], due.Select(e => e.Id));

        await Events.AcknowledgeAsync([a.Id], default);
        Assert.Equal([b.Id], (await Events.ReadOutboxAsync(Time.GetUtcNow().AddSeconds(-10), 100, default)).Select(e =>
            e.Id));
        Assert.Equal([b.Id, fresh.Id], (await Events.ReadOutboxAsync(Time.GetUtcNow().AddSeconds(1), 100,
            default)).Select(e => e.Id));

        await Events.AcknowledgeAsync([b.Id, fresh.Id], default); // a relay's batch, whatever their partitions
        Assert.Empty(await Events.ReadOutboxAsync(Time.GetUtcNow().AddSeconds(1), 100, default));
    }

    [Fact]
    public async Task Six_thousand_events_page_to_the_end_newest_recorded_first_whatever_their_vendor_timestamp()
    {
        const int count = 6000;
        var start = Time.GetUtcNow().AddDays(-29);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // Recorded in order over 29 days; every tenth was detected late: its vendor timestamp is older.
            var storedAt = start.AddMinutes(i * 6);
            var vendorTime = i % 10 == 0 ? storedAt.AddDays(-40) : storedAt;
            var e = Event($"evt_p{i:D5}_{Guid.NewGuid():N}"[..26], storedAt, vendorTime,
                interviewId: $"hindsight_{i % 7}");
            Assert.True(await Events.TryAppendAsync(e, default));
            ids.Add(e.Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (items, next) = await Events.ListAsync(new EventQuery(100, cursor, null, null), Time.GetUtcNow(),
                default);
            seen.AddRange(items.Select(e => e.Id));
            cursor = next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(60, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);

        var ofOne = new List<string>();
        cursor = null;
        do
        {
            var (items, next) = await Events.ListAsync(new EventQuery(100, cursor, EventTypes.Completed,
                "hindsight_3"), Time.GetUtcNow(), default);
            Assert.All(items, e => Assert.Equal("hindsight_3", e.InterviewId));
            ofOne.AddRange(items.Select(e => e.Id));
            cursor = next;
        }
        while (cursor is not null);

        Assert.Equal(ids.Where((_, i) => i % 7 == 3).Reverse(), ofOne);

        var since = new List<string>();
        await foreach (var e in Events.ReadRecordedSinceAsync(start.AddMinutes(6 * 5000), default))
        {
            since.Add(e.Id);
        }

        Assert.Equal(ids.Skip(5000), since);
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_not_listed_and_a_foreign_cursor_is_refused()
    {
        var old = Event("evt_old_" + Guid.NewGuid().ToString("N")[..18], Time.GetUtcNow().AddDays(-31),
            interviewId: "hindsight_old");
        var recent = Event("evt_new_" + Guid.NewGuid().ToString("N")[..18], Time.GetUtcNow().AddDays(-1),
            interviewId: "hindsight_old");
        await Events.TryAppendAsync(old, default);
        await Events.TryAppendAsync(recent, default);

        var (items, next) = await Events.ListAsync(new EventQuery(10, null, null, "hindsight_old"), Time.GetUtcNow(),
            default);
        Assert.Equal([recent.Id], items.Select(e => e.Id));
        Assert.Null(next);
        await Assert.ThrowsAsync<global::InterviewGateway.Infrastructure.Errors.ProblemException>(() =>
            Events.ListAsync(new EventQuery(10, "evt_x", null, null), Time.GetUtcNow(), default));
    }
}

public sealed class InMemoryEventStoreTests : EventStoreContract
{
    public InMemoryEventStoreTests()
    {
        var events = new InMemoryEventStore(Time, new RetentionOptions());
        Events = events;
        Interviews = new InMemoryInterviewStore(events, Time, new RetentionOptions());
    }

    internal override IEventStore Events { get; }

    internal override IInterviewStore Interviews { get; }
}

public sealed class RedisEventStoreTests : EventStoreContract, IClassFixture<RedisServerFixture>
{
    public RedisEventStoreTests(RedisServerFixture redis)
    {
        var keys = new RedisKeys($"t-{Guid.NewGuid():N}:");
        Events = new RedisEventStore(redis.Connection, keys, new RetentionOptions(), Time);
        Interviews = new RedisInterviewStore(redis.Connection, keys, new RetentionOptions(), Time);
    }

    internal override IEventStore Events { get; }

    internal override IInterviewStore Interviews { get; }
}
