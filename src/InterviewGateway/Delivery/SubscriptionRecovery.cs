using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Operations;

namespace InterviewGateway.Delivery;

/// POST /v1/subscriptions/{id}/recover: an operation that queues every event recorded since `since` that
/// the subscription wants and has not received successfully, whatever the attempt log holds (it keeps
/// only the last 1,000 lines): failed ones, ones it never got (disabled at fan-out), and ones whose
/// pending attempt is long overdue (a chain that was lost). Each gets its next attempt number and the
/// rest of the retry schedule; an attempt queued moments ago counts as alive, so recovering twice (or
/// re-running a chunk after a takeover) queues nothing twice. It reads the recorded-order index from
/// `since`, a chunk at a time, and saves its progress after each chunk.
internal sealed class SubscriptionRecovery(IEventStore events, IDeliveryQueueAdmin queue,
    ISubscriptionStore subscriptions, OperationRunner runner, TimeProvider time) : IOperationWork
{
    public const string Kind = "subscription.recover";
    private const int Chunk = 1000;
    private static readonly TimeSpan OverdueRetry = TimeSpan.FromMinutes(5);

    public Task<Operation> StartAsync(Subscription subscription, string? since, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = Since(since);
        if (from > now)
        {
            throw ProblemException.Validation("since", "since must not be in the future.");
        }

        if (from < now - IEventStore.Retention)
        {
            throw ProblemException.Validation("since",
                "since must be within the last 30 days (events are kept 30 days).");
        }

        return runner.StartAsync(Kind, subscription.Id, from, cancellationToken);
    }

    public async Task<Operation> RunAsync(Operation operation, Func<Operation, CancellationToken, Task> save,
        CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(operation.Subject, cancellationToken)
            ?? throw ProblemException.NotFound("The subscription was deleted.");
        var wanted = new List<string>();
        var (scanned, last) = (0, operation.Resume);
        await foreach (var e in events.ReadRecordedSinceAsync(operation.Resume ?? operation.Since, cancellationToken))
        {
            (scanned, last) = (scanned + 1, e.StoredAt);
            if (subscription.WantsStored(e))
            {
                wanted.Add(e.Id);
            }

            if (scanned == Chunk)
            {
                operation = await FlushAsync(operation, subscription.Id, wanted, scanned, last, cancellationToken);
                await save(operation, cancellationToken);
                (scanned, wanted) = (0, []);
            }
        }

        return await FlushAsync(operation, subscription.Id, wanted, scanned, last, cancellationToken);
    }

    private async Task<Operation> FlushAsync(Operation operation, string subscriptionId, List<string> wanted,
        int scanned, DateTimeOffset? last, CancellationToken cancellationToken)
    {
        var enqueued = wanted.Count == 0 ? 0 : await queue.RequeueUndeliveredAsync(subscriptionId, wanted,
            time.GetUtcNow() - OverdueRetry, cancellationToken);
        return operation with
        {
            Scanned = operation.Scanned + scanned, Enqueued = operation.Enqueued + enqueued, Resume = last,
        };
    }

    /// The same rules as the API's query timestamps (RFC 3339, UTC assumed), for a body field.
    private static DateTimeOffset Since(string? since) =>
        since is null ? throw ProblemException.Validation("since", "since is required.")
        : DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw ProblemException.Validation("since", "since must be an RFC 3339 timestamp.");
}
