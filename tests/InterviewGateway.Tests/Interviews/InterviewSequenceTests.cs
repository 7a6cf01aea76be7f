using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Interviews;

/// Issue 17: `sequence` went backwards after DELETE and tracking again (measured), because a new interview
/// started again at version 1; and an old completion came back as a new event once its records expired.
public sealed class InterviewSequenceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SwitchableAdapter _vendor = new();
    private readonly List<GatewayEvent> _relayed = [];

    [Fact]
    public async Task An_interview_deleted_and_tracked_again_continues_above_every_sequence_it_was_sent_with()
    {
        var store = new InMemoryInterviewStore(new InMemoryEventStore(_time, new()), _time, new());
        var service = Service(store);
        var (tracked, _) = await service.TrackAsync("acme", "42", new Dictionary<string, string>(), null, default);
        _time.Advance(TimeSpan.FromSeconds(1));
        _vendor.Status = InterviewStatus.InProgress;
        await service.RefreshAsync(tracked, DetectedBy.Poll, default);
        var before = Assert.Single(_relayed).Sequence;

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await service.DeleteAsync(tracked.Id, default);
        _vendor.Status = InterviewStatus.Completed;
        await service.TrackAsync("acme", "42", new Dictionary<string, string>(), null, default);

        var completed = Assert.Single(_relayed, e => e.Type == EventTypes.Completed);
        Assert.True(completed.Sequence > before, $"completed at sequence {completed.Sequence} after {before}");
    }

    [Fact]
    public async Task A_completion_tracked_again_at_day_10_31_91_and_121_is_announced_only_the_first_time()
    {
        // Issue 17: reconciliation tracks again an interview whose records expired (events after 30 days,
        // the stopped interview after 90) and announced its old completion as a new event.
        var events = new InMemoryEventStore(_time, new());
        var store = new InMemoryInterviewStore(events, _time, new());
        var service = Service(store);
        _vendor.Status = InterviewStatus.Completed;
        _vendor.CompletedAt = _time.GetUtcNow().AddHours(-1);
        var (tracked, _) = await service.TrackAsync("acme", "42", new Dictionary<string, string>(), null, default);
        var first = Assert.Single(_relayed, e => e.Type == EventTypes.Completed);

        var start = _time.GetUtcNow();
        foreach (var day in new[] { 10, 31, 91, 121 })
        {
            _time.Advance(start.AddDays(day) - _time.GetUtcNow());
            events.EvictExpired(_time.GetUtcNow());
            store.EvictExpired(_time.GetUtcNow());
            if (await store.GetAsync(tracked.Id, default) is not null)
            {
                await service.DeleteAsync(tracked.Id, default); // or gone by itself after 90 days
            }

            await service.TrackAsync("acme", "42", new Dictionary<string, string>(), null, default);
            Assert.Equal(first.Id, Assert.Single(_relayed, e => e.Type == EventTypes.Completed).Id);
        }
    }

    [Fact]
    public void The_next_sequence_is_above_the_previous_one_and_the_shared_clock_in_microseconds()
    {
        var now = _time.GetUtcNow();
        var micros = now.ToUnixTimeMilliseconds() * 1_000;
        Assert.Equal(micros, InterviewSequence.Next(0, now));
        Assert.Equal(micros + 1, InterviewSequence.Next(micros, now)); // two writes in one microsecond
        Assert.Equal(micros + 1_000, InterviewSequence.Next(7, now.AddMilliseconds(1)));
    }

    private InterviewService Service(IInterviewStore store) =>
        AcmeService.Create(store, _time, _vendor, new RecordingRelay(_relayed));

    private sealed class RecordingRelay(List<GatewayEvent> relayed) : IEventRelay
    {
        public Task RelayAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken)
        {
            relayed.AddRange(committed);
            return Task.CompletedTask;
        }
    }

    private sealed class SwitchableAdapter : IVendorAdapter
    {
        public InterviewStatus Status { get; set; } = InterviewStatus.Scheduled;

        public DateTimeOffset CompletedAt { get; set; } = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

        public VendorKey Key => AcmeService.Key;

        public Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken) =>
            Task.FromResult(new VendorInterview
            {
                VendorInterviewId = vendorInterviewId, VendorStatus = Status.ToString(), Status = Status,
                CompletedAt = Status == InterviewStatus.Completed ? CompletedAt : null,
            });

        public Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public bool IsValidInterviewId(string vendorInterviewId) => true;
    }
}
