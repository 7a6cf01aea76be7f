using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Events;

/// Closes the gap between committing an event and fanning it out (a process that died or failed in
/// between): outbox entries older than `Events:OutboxGrace` are relayed, oldest recorded first. Fan-out
/// writes each (event, subscription) delivery state and its queue entry in one script, so relaying an
/// entry twice (the committing process and the sweep) queues nothing twice, and the entry can leave the
/// outbox as soon as one relay went through. One instance sweeps at a time (a lease in the shared
/// store), so N instances do not all relay the same entries; and an entry whose relay fails is left for
/// the next pass without stopping the ones behind it. An entry's age is read on the shared clock that stamped
/// it (`StoredAt`, issue 17): on its own clock, an instance running behind left entries unrelayed for as long.
internal sealed partial class OutboxSweep(IEventStore events, EventPublisher publisher, IKeyValueStore leases,
    RedisKeys keys, ISharedClock clock, TimeProvider time, ILogger<OutboxSweep> logger,
    IOptions<EventOptions>? options = null)
{
    private const int Batch = 1000;

    /// Renewed while a pass runs; an instance that died mid-pass frees the sweep within this.
    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    /// Relays what is due; returns how many entries were relayed (0 when another instance holds the sweep).
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var lease = await JobLease.TryAcquireAsync(leases, keys.OutboxSweepLease, LeaseTime, time,
            cancellationToken);
        if (lease is null)
        {
            return 0;
        }

        var grace = options?.Value.OutboxGrace ?? new EventOptions().OutboxGrace;
        var (relayed, failed) = (0, 0);
        Exception? first = null;
        var now = await clock.GetUtcNowAsync(cancellationToken);
        foreach (var stored in await events.ReadOutboxAsync(now - grace, Batch, cancellationToken))
        {
            if (!await lease.KeepAsync(cancellationToken))
            {
                break;
            }

            try
            {
                await publisher.RelayOneAsync(stored, cancellationToken);
                relayed++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                first ??= ex;
            }
        }

        if (first is not null)
        {
            Log.EntriesFailed(logger, failed, relayed + failed, first.GetType().Name, first.GetBaseException().Message);
        }

        return relayed;
    }

    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Warning,
            "The outbox sweep could not relay {Failed} of {Total} entries (first: {Error}: {Message}); "
            + "they stay in the outbox for the next pass")]
        public static partial void EntriesFailed(ILogger logger, int failed, int total, string error, string message);
    }
}
