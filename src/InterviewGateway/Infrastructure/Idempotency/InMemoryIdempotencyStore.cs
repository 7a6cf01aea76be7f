using System.Collections.Concurrent;

namespace InterviewGateway.Infrastructure.Idempotency;

internal sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, (IdempotencyRecord Record,
        DateTimeOffset Expires)> _records = new(StringComparer.Ordinal);

    public Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(
        string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claim = IdempotencyRecords.NewClaim();
        var fresh = (IdempotencyRecords.Claimed(fingerprint, claim), now + IIdempotencyStore.InProgressLease);
        var stored = _records.AddOrUpdate(key, fresh, (_, existing) => existing.Expires <= now ? fresh : existing);
        return Task.FromResult(ReferenceEquals(stored.Record, fresh.Item1)
            ? (IdempotencyState.Started, (IdempotentResponse?)null, (string?)claim)
            : IdempotencyRecords.Judge(stored.Record, fingerprint));
    }

    public Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        if (_records.TryGetValue(key, out var current) && current.Record.Claim == claim && !current.Record.Done)
        {
            _records.TryUpdate(key, (new IdempotencyRecord(true, fingerprint, response), time.GetUtcNow() + ttl),
                current);
        }

        return Task.CompletedTask;
    }

    public Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken)
    {
        if (_records.TryGetValue(key, out var current) && current.Record.Claim == claim && !current.Record.Done)
        {
            _records.TryRemove(new KeyValuePair<string, (IdempotencyRecord, DateTimeOffset)>(key, current));
        }

        return Task.CompletedTask;
    }
}
