using Hangfire;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Events;

/// Closes the gap between committing an event and fanning it out (a process that died or failed in
/// between): outbox entries older than `Events:OutboxGrace` are relayed, oldest recorded first. Fan-out
/// writes each (event, subscription) delivery state and its queue entry in one script, so relaying an
/// entry twice (the committing process and the sweep) queues nothing twice, and the entry can leave the
/// outbox as soon as one relay went through.
internal sealed class FanOutSweepJob(IEventStore events, EventPublisher publisher, TimeProvider time,
    IOptions<EventOptions>? options = null)
{
    private const int Batch = 1000;

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var grace = options?.Value.OutboxGrace ?? new EventOptions().OutboxGrace;
        foreach (var stored in await events.ReadOutboxAsync(time.GetUtcNow() - grace, Batch, cancellationToken))
        {
            await publisher.RelayOneAsync(stored, cancellationToken);
        }
    }
}
