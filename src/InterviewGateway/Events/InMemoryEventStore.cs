using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Events;

/// The embedded default: one process, lost on restart. The interview store appends through
/// `Append` under its own lock, so a change and its events are stored together.
internal sealed class InMemoryEventStore(TimeProvider time, RetentionOptions retention) : IEventStore, IEvictable
{
    private readonly Dictionary<string, GatewayEvent> _events = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _index = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _outbox = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// Stores the events not stored yet and returns them.
    public IReadOnlyList<GatewayEvent> Append(IReadOnlyList<GatewayEvent> events)
    {
        lock (_gate)
        {
            var added = new List<GatewayEvent>();
            foreach (var e in events)
            {
                if (_events.TryAdd(e.Id, e))
                {
                    _index.Add(EventIndex.Member(e));
                    _outbox.Add(EventIndex.Member(e));
                    added.Add(e);
                }
            }

            return added;
        }
    }

    public Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken) =>
        Task.FromResult(Append([gatewayEvent]).Count == 1);

    public Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_events.GetValueOrDefault(id) is { } e && !Expired(e, time.GetUtcNow()) ? e : null);
        }
    }

    public Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        EventPager.NewestFirstAsync(query, EventIndex.Floor(now - retention.Events), RangeAsync, LoadAsync);

    public IAsyncEnumerable<GatewayEvent> ReadRecordedSinceAsync(DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var oldest = time.GetUtcNow() - retention.Events;
        return EventPager.OldestFirstAsync(EventIndex.Floor(since > oldest ? since : oldest), RangeAsync, LoadAsync,
            cancellationToken);
    }

    public Task<IReadOnlyList<GatewayEvent>> ReadOutboxAsync(DateTimeOffset recordedBefore, int limit,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var bound = EventIndex.Floor(recordedBefore);
            IReadOnlyList<GatewayEvent> due = [.. _outbox
                .TakeWhile(m => string.CompareOrdinal(m, bound) < 0).Take(limit)
                .Select(m => _events.GetValueOrDefault(EventIndex.IdOf(m))).OfType<GatewayEvent>()];
            return Task.FromResult(due);
        }
    }

    public Task AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_events.TryGetValue(id, out var e))
                {
                    _outbox.Remove(EventIndex.Member(e));
                }
            }
        }

        return Task.CompletedTask;
    }

    public void EvictExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var e in _events.Values.Where(e => Expired(e, now)).ToList())
            {
                _events.Remove(e.Id);
                _index.Remove(EventIndex.Member(e));
                _outbox.Remove(EventIndex.Member(e));
            }
        }
    }

    private bool Expired(GatewayEvent e, DateTimeOffset now) => e.StoredAt <= now - retention.Events;

    private Task<IReadOnlyList<string>> RangeAsync(string from, bool inclusive, string to, bool descending, int take)
    {
        lock (_gate)
        {
            var (low, high) = descending ? (to, from) : (from, to);
            if (string.CompareOrdinal(low, high) > 0)
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            var view = _index.GetViewBetween(low, high);
            IEnumerable<string> ordered = descending ? view.Reverse() : view;
            IReadOnlyList<string> members = [.. ordered.Where(m => inclusive || m != from).Take(take)];
            return Task.FromResult(members);
        }
    }

    private Task<IReadOnlyList<GatewayEvent?>> LoadAsync(IReadOnlyList<string> members)
    {
        lock (_gate)
        {
            IReadOnlyList<GatewayEvent?> loaded = [.. members.Select(m =>
                _events.GetValueOrDefault(EventIndex.IdOf(m)))];
            return Task.FromResult(loaded);
        }
    }
}
