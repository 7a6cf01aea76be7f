using System.Collections.Concurrent;

namespace InterviewGateway.Interviews;

/// The embedded default: one process, lost on restart.
internal sealed class InMemoryInterviewStore : IInterviewStore
{
    private readonly ConcurrentDictionary<string, Interview> _interviews = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _index = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<Interview?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_interviews.GetValueOrDefault(id));

    public Task<bool> TryAddAsync(Interview interview, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryAdd(interview.Id, interview with { Version = 1 }))
            {
                return Task.FromResult(false);
            }

            _index.Add(InterviewIndex.Member(interview));
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReplaceAsync(Interview updated, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryGetValue(updated.Id, out var current) || current.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _interviews[updated.Id] = updated with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_interviews.TryRemove(id, out var removed))
            {
                return Task.FromResult(false);
            }

            _index.Remove(InterviewIndex.Member(removed));
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
                if (_interviews.TryGetValue(InterviewIndex.IdOf(member), out var interview) && query.Matches(interview))
                {
                    items.Add(interview);
                }
            }

            return Task.FromResult(new Page<Interview>(items, null));
        }
    }
}
