using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Timeline;

namespace InterviewGateway.Inbound;

/// The embedded equivalent: the mark and the owed follow-up are written under one lock, then the log and
/// timeline entries (one process: nothing can come between them that a crash would not lose anyway).
internal sealed class InMemoryFollowUpQueue(
    InMemoryKeyValueStore marks, IInboundWebhookLog log, IInterviewTimeline timeline, TimeProvider time)
    : IFollowUpQueue
{
    private readonly Dictionary<string, (long Due, int Failures, string? Trace)> _owed =
        new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<bool> AcceptAsync(FollowUpAccept accept, CancellationToken cancellationToken)
    {
        var accepted = await marks.SetIfAbsentAsync(accept.DedupeKey, accept.Record, accept.DedupeWindow,
            cancellationToken);
        if (accepted)
        {
            lock (_gate)
            {
                var member = RedisFollowUpQueue.Member(accept.Vendor, accept.VendorInterviewId);
                _owed[member] = (Now, _owed.GetValueOrDefault(member).Failures, accept.TraceParent);
            }
        }

        if (accept.LogEntry is { } entry)
        {
            var logged = await log.RecordAsync(entry with { Outcome = FollowUpAccept.Outcome(accepted) },
                cancellationToken);
            if (accept.TimelineFor(accepted, logged.Id) is { } onTimeline)
            {
                await timeline.AppendAsync(accept.InterviewId, [onTimeline], cancellationToken);
            }
        }

        return accepted;
    }

    public Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + (long)lease.TotalMilliseconds;
        lock (_gate)
        {
            var due = _owed.Where(p => p.Value.Due <= now).OrderBy(p => p.Value.Due).Take(max).ToList();
            due.ForEach(p => _owed[p.Key] = p.Value with { Due = until });
            return Task.FromResult<IReadOnlyList<PendingFollowUp>>(
                [.. due.Select(p => RedisFollowUpQueue.Parse(p.Key, until, p.Value.Failures, p.Value.Trace))]);
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
                _owed[member] = owed with { Due = Now + (long)delay.TotalMilliseconds, Failures = owed.Failures + 1 };
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
