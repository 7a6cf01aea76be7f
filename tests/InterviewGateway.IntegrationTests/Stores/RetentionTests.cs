using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Interviews;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// Storage does not grow without bound: stopped interviews, events and marks expire.
public sealed class RetentionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private static Interview Stopped(Interview interview) => interview with
    {
        Status = InterviewStatus.Completed,
        Tracking = interview.Tracking with { State = TrackingState.Stopped },
    };

    [Fact]
    public async Task In_memory_stores_evict_stopped_interviews_old_events_and_expired_marks()
    {
        var retention = new RetentionOptions();
        var events = new InMemoryEventStore(_time, retention);
        var interviews = new InMemoryInterviewStore(events, _time, retention);
        var marks = new InMemoryKeyValueStore(_time);
        var active = InterviewStoreContract.Make("hindsight_active", 0);
        var done = InterviewStoreContract.Make("hindsight_done", 0);
        await interviews.TryAddAsync(active, default);
        await interviews.TryAddAsync(done, default);
        await interviews.TryReplaceAsync(Stopped(done), 1, [EventStoreContract.Event("evt_retention_1",
            _time.GetUtcNow())], default);
        await marks.SetAsync("mark", "1", TimeSpan.FromDays(7), default);

        _time.Advance(TimeSpan.FromDays(31));
        foreach (var store in new IEvictable[] { events, interviews, marks })
        {
            store.EvictExpired(_time.GetUtcNow());
        }

        Assert.Null(await events.GetAsync("evt_retention_1", default));
        Assert.Null(await marks.GetAsync("mark", default));
        Assert.NotNull(await interviews.GetAsync(done.Id, default));

        _time.Advance(TimeSpan.FromDays(60));
        interviews.EvictExpired(_time.GetUtcNow());
        Assert.Null(await interviews.GetAsync(done.Id, default));
        Assert.NotNull(await interviews.GetAsync(active.Id, default));
        Assert.Equal([active.Id], (await interviews.ListAsync(new InterviewQuery(10, null, null, null, null),
            default)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Redis_keys_of_stopped_interviews_and_events_carry_their_retention()
    {
        var keys = new RedisKeys($"t-{Guid.NewGuid():N}:");
        var interviews = new RedisInterviewStore(redis.Connection, keys, new RetentionOptions(), TimeProvider.System);
        var db = redis.Connection.GetDatabase();
        var interview = InterviewStoreContract.Make("hindsight_ttl", 0);
        await interviews.TryAddAsync(interview, default);
        Assert.Null(await db.KeyTimeToLiveAsync(keys.Interview(interview.Id)));

        var stored = EventStoreContract.Event("evt_ttl_" + Guid.NewGuid().ToString("N")[..18], DateTimeOffset.UtcNow,
            interviewId: interview.Id);
        await interviews.TryReplaceAsync(Stopped(interview), 1, [stored], default);
        var interviewTtl = await db.KeyTimeToLiveAsync(keys.Interview(interview.Id));
        var eventTtl = await db.KeyTimeToLiveAsync(keys.Event(stored.Id));
        Assert.InRange(interviewTtl!.Value, TimeSpan.FromDays(89), TimeSpan.FromDays(90));
        Assert.InRange(eventTtl!.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.NotNull(await db.KeyTimeToLiveAsync(keys.EventsOfInterview(interview.Id)));
    }
}
