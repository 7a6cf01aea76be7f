using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Vendors.Webhooks;

/// The embedded equivalent: the mark and the owed follow-up are written under one lock.
internal sealed class InMemoryWebhookFollowUps(InMemoryKeyValueStore marks, TimeProvider time) : IWebhookFollowUps
{
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId,
        CancellationToken cancellationToken)
    {
        if (!await marks.SetIfAbsentAsync(dedupeKey, record, dedupeWindow, cancellationToken))
        {
            return false;
        }

        lock (_gate)
        {
            _pending[RedisWebhookFollowUps.Member(vendor,
                vendorInterviewId)] = time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        return true;
    }

    public Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)lease.TotalMilliseconds;
        lock (_gate)
        {
            var due = _pending.Where(p => p.Value <= now).Take(max).Select(p => p.Key).ToList();
            due.ForEach(member => _pending[member] = until);
            return Task.FromResult<IReadOnlyList<PendingFollowUp>>([.. due.Select(m => RedisWebhookFollowUps.Parse(m,
                until))]);
        }
    }

    public Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var member = RedisWebhookFollowUps.Member(followUp.Vendor, followUp.VendorInterviewId);
            if (_pending.TryGetValue(member, out var lease) && lease == followUp.Lease)
            {
                _pending.Remove(member);
            }
        }

        return Task.CompletedTask;
    }
}
