using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Timeline;

internal sealed class InMemoryInterviewTimeline(RetentionOptions retention) : IInterviewTimeline, IEvictable
{
    private readonly Dictionary<string, List<TimelineEntry>> _timelines = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task AppendAsync(string interviewId, IReadOnlyList<TimelineEntry> entries,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_timelines.TryGetValue(interviewId, out var kept))
            {
                _timelines[interviewId] = kept = [];
            }

            kept.AddRange(entries);
            if (kept.Count > IInterviewTimeline.MaxEntries)
            {
                kept.RemoveRange(0, kept.Count - IInterviewTimeline.MaxEntries);
            }
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<TimelineEntry> Items, long? Next)> ListAsync(string interviewId, long start, int limit,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entries = _timelines.GetValueOrDefault(interviewId) ?? [];
            IReadOnlyList<TimelineEntry> items = [.. entries.Skip((int)Math.Min(start, int.MaxValue)).Take(limit)];
            return Task.FromResult<(IReadOnlyList<TimelineEntry>, long?)>(
                (items, entries.Count > start + limit ? start + limit : null));
        }
    }

    /// Like the Redis key's TTL: a timeline goes once its newest entry is older than the retention.
    public void EvictExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var id in _timelines.Where(t => t.Value[^1].At <= now - retention.Events).Select(t => t.Key)
                .ToList())
            {
                _timelines.Remove(id);
            }
        }
    }
}
