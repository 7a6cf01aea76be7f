using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Inbound;

/// The embedded default: one process, lost on restart; oldest entries go first past `MaxEntries`.
internal sealed class InMemoryInboundWebhookLog(IOptions<InboundWebhookLogOptions> options, TimeProvider time)
    : IInboundWebhookLog, IEvictable
{
    private readonly LinkedList<InboundWebhook> _entries = [];
    private readonly Dictionary<string, InboundWebhook> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private (long Ms, long Sequence) _last;

    public Task<InboundWebhook> RecordAsync(InboundWebhook entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var ms = now.ToUnixTimeMilliseconds();
            _last = ms > _last.Ms ? (ms, 0) : (_last.Ms, _last.Sequence + 1);
            var stored = entry with { Id = InboundWebhookPager.Id(_last.Ms, _last.Sequence), ReceivedAt = now };
            _entries.AddLast(stored);
            _byId[stored.Id] = stored;
            while (_entries.Count > options.Value.MaxEntries)
            {
                RemoveOldest();
            }

            return Task.FromResult(stored);
        }
    }

    public Task<InboundWebhook?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    public Task<(IReadOnlyList<InboundWebhook> Items, string? NextCursor)> ListAsync(InboundWebhookQuery query,
        CancellationToken cancellationToken) =>
        InboundWebhookPager.PageAsync(query, time.GetUtcNow() - options.Value.Retention, (before, min, max, take) =>
        {
            lock (_gate)
            {
                var bound = before is null ? null : InboundWebhookPager.Parse(before);
                IReadOnlyList<InboundWebhook> batch = [.. _entries.Reverse()
                    .Where(e => bound is null || InboundWebhookPager.Parse(e.Id)!.Value.CompareTo(bound.Value) < 0)
                    .Where(e => e.ReceivedAt.ToUnixTimeMilliseconds() is var at && at >= min && at <= max)
                    .Take(take)];
                return Task.FromResult(batch);
            }
        });

    public void EvictExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_entries.First is { } oldest && oldest.Value.ReceivedAt <= now - options.Value.Retention)
            {
                RemoveOldest();
            }
        }
    }

    private void RemoveOldest()
    {
        _byId.Remove(_entries.First!.Value.Id);
        _entries.RemoveFirst();
    }
}
