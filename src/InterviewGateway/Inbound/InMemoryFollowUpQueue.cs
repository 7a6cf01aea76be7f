using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Inbound;

/// The embedded equivalent: the mark and the owed follow-up are written under one lock.
internal sealed class InMemoryFollowUpQueue(InMemoryKeyValueStore marks, TimeProvider time) : IFollowUpQueue
{
    private readonly Dictionary<string, (long Due, int Failures)> _owed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId, CancellationToken cancellationToken)
    {
        if (!await marks.SetIfAbsentAsync(dedupeKey, record, dedupeWindow, cancellationToken))
        {
            return false;
        }

        lock (_gate)
        {
            var member = RedisFollowUpQueue.Member(vendor, vendorInterviewId);
            _owed[member] = (Now, _owed.GetValueOrDefault(member).Failures);
        }

        return true;
    }

    public Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + (long)lease.TotalMilliseconds;
        lock (_gate)
        {
            var due = _owed.Where(p => p.Value.Due <= now).OrderBy(p => p.Value.Due).Take(max).ToList();
            due.ForEach(p => _owed[p.Key] = (until, p.Value.Failures));
            return Task.FromResult<IReadOnlyList<PendingFollowUp>>(
                [.. due.Select(p => RedisFollowUpQueue.Parse(p.Key, until, p.Value.Failures))]);
        }
    }

    public Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var member = RedisFollowUpQueue.Member(followUp.Vendor, followUp.VendorInterviewId);
            if (_owed.TryGetValue(member, out var owed) && owed.Due == followUp.Lease)
            {
                _owed.Remove(member);
            }
        }

        return Task.CompletedTask;
    }

    public Task RetryAsync(PendingFollowUp followUp, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var member = RedisFollowUpQueue.Member(followUp.Vendor, followUp.VendorInterviewId);
            if (_owed.TryGetValue(member, out var owed) && owed.Due == followUp.Lease)
            {
                _owed[member] = (Now + (long)delay.TotalMilliseconds, owed.Failures + 1);
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_owed.Count);
        }
    }
}
