using InterviewGateway.Infrastructure.Observability;

namespace InterviewGateway.Events;

/// Relays committed events: fans each out and takes it out of the outbox. An event leaves the outbox
/// only once it was fanned out; what fails here stays there for the sweep (OutboxSweep).
internal sealed partial class EventPublisher(
    IEventStore events,
    IEventFanOut fanOut,
    GatewayMetrics metrics,
    ILogger<EventPublisher> logger) : IEventRelay
{
    /// One commit's events together: one look at the subscriptions and one outbox write for all of them
    /// (issue 20: a completion commits two events, and each cost both).
    public async Task RelayAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken)
    {
        foreach (var stored in committed)
        {
            Log.Published(logger, stored.Id, stored.Type, stored.InterviewId);
            metrics.EventPublished(stored.Type);
        }

        try
        {
            await fanOut.FanOutAsync(committed, cancellationToken);
            await events.AcknowledgeAsync([.. committed.Select(e => e.Id)], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stored and in the outbox: the sweep fans them out (a repeated fan-out queues nothing twice).
            var cause = ex.GetBaseException();
            foreach (var stored in committed)
            {
                Log.RelayDeferred(logger, stored.Id,
                    $"{ex.GetType().Name}: {cause.GetType().Name}: {cause.Message}");
            }
        }
    }

    /// Fans one stored event out and takes it out of the outbox.
    public async Task RelayOneAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        await fanOut.FanOutAsync(stored, cancellationToken);
        await events.AcknowledgeAsync([stored.Id], cancellationToken);
    }

    private static partial class Log
    {
        // Per event, so Debug (issue 20): GET /v1/events and the interview's timeline list every one.
        [LoggerMessage(3000, LogLevel.Debug, "Event {EventId} ({EventType}) for interview {InterviewId}")]
        public static partial void Published(ILogger logger, string eventId, string eventType, string interviewId);

        [LoggerMessage(3001, LogLevel.Warning,
            "Event {EventId} is stored but its fan-out failed ({Error}); the outbox sweep retries it")]
        public static partial void RelayDeferred(ILogger logger, string eventId, string error);
    }
}
