using System.Collections.Concurrent;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Interviews;

/// The embedded default: one process, lost on restart. A change and its events are stored under one
/// lock, so they are stored together (the in-memory outbox).
internal sealed class InMemoryInterviewStore(InMemoryEventStore events, TimeProvider time,
    RetentionOptions retention) : IInterviewStore, IEvictable
{
    private readonly ConcurrentDictionary<string, Interview> _interviews = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _index = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<Interview?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_interviews.GetValueOrDefault(id) is { } found && !Expired(id, time.GetUtcNow()) ? found
            : null);

    public Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview, IReadOnlyList<GatewayEvent> changes,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryAdd(interview.Id, interview with { Version = Math.Max(1, interview.Version) }))
            {
                return Task.FromResult<IReadOnlyList<GatewayEvent>?>(null);
            }

            _index.Add(InterviewIndex.Member(interview));
            SetExpiry(interview);
            return Task.FromResult<IReadOnlyList<GatewayEvent>?>(events.Append(changes));
        }
    }

    public Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(
        Interview updated, long expectedVersion, IReadOnlyList<GatewayEvent> changes,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryGetValue(updated.Id, out var current) || current.Version != expectedVersion)
            {
                return Task.FromResult<IReadOnlyList<GatewayEvent>?>(null);
            }

            _interviews[updated.Id] = updated with { Version = Math.Max(expectedVersion + 1, updated.Version) };
            SetExpiry(updated);
            return Task.FromResult<IReadOnlyList<GatewayEvent>?>(events.Append(changes));
        }
    }

    public void EvictExpired(DateTimeOffset now)
    {
        foreach (var id in _expiry.Keys.Where(id => Expired(id, now)).ToList())
        {
            lock (_gate)
            {
                if (Expired(id, now) && _interviews.TryRemove(id, out var removed))
                {
                    _index.Remove(InterviewIndex.Member(removed));
                    _expiry.TryRemove(id, out _);
                }
            }
        }
    }

    private void SetExpiry(Interview interview)
    {
        if (interview.Tracking.State == TrackingState.Stopped)
        {
            _expiry[interview.Id] = time.GetUtcNow() + retention.StoppedInterviews;
        }
        else
        {
            _expiry.TryRemove(interview.Id, out _);
        }
    }

    private bool Expired(string id, DateTimeOffset now) => _expiry.TryGetValue(id, out var at) && at <= now;

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryRemove(id, out var removed))
            {
                return Task.FromResult(false);
            }

            _index.Remove(InterviewIndex.Member(removed));
            _expiry.TryRemove(id, out _);
            return Task.FromResult(true);
        }
    }

    public Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var after = query.Cursor;
            if (after is not null && (_index.Max is null || string.CompareOrdinal(after, _index.Max) >= 0))
            {
                return Task.FromResult(new Page<Interview>([], null));
            }

            var view = after is null ? _index : _index.GetViewBetween(after, _index.Max!);
            var items = new List<Interview>();
            string? last = null;
            var scanned = 0;
            foreach (var member in view)
            {
                if (member == after)
                {
                    continue;
                }

                if (items.Count == query.Limit || scanned == InterviewIndex.MaxScan)
                {
                    return Task.FromResult(new Page<Interview>(items, InterviewIndex.EncodeCursor(last!)));
                }

                scanned++;
                last = member;
                if (_interviews.TryGetValue(InterviewIndex.IdOf(member), out var interview)
                    && !Expired(interview.Id, time.GetUtcNow()) && query.Matches(interview))
                {
                    items.Add(interview);
                }
            }

            return Task.FromResult(new Page<Interview>(items, null));
        }
    }
}
