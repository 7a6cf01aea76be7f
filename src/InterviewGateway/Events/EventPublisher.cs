using System.Text.Json;
using Hangfire;
using InterviewGateway.Api.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;

namespace InterviewGateway.Events;

internal sealed record EventData(InterviewResponse Interview, DetectedBy DetectedBy);

internal sealed record EventBody(string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, EventData Data);

/// Turns stored interview changes into events: first writer wins on the derived id, and only the
/// writer that stored the event fans it out, one Hangfire job per (event, subscription).
internal sealed partial class EventPublisher(
    IEventStore events,
    ISubscriptionStore subscriptions,
    IBackgroundJobClient jobs,
    GatewayMetrics metrics,
    ILogger<EventPublisher> logger) : IInterviewChangeSink
{
    public Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken) =>
        // Tracking an interview that already finished still tells subscribers it finished.
        interview.Status.IsTerminal()
            ? OnChangedAsync(interview with { Status = InterviewStatus.Unknown }, interview, detectedBy == DetectedBy.Track ? DetectedBy.Refresh : detectedBy, cancellationToken)
            : Task.CompletedTask;

    public async Task OnChangedAsync(Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken)
    {
        foreach (var detected in CompletionDetector.Detect(before, after))
        {
            var id = detected.IdFor(after.Id);
            if (await events.GetAsync(id, cancellationToken) is not null)
            {
                continue;
            }

            var sequence = await events.NextSequenceAsync(after.Id, cancellationToken);
            var body = new EventBody(id, detected.Type, detected.Timestamp, EventTypes.SchemaVersion, sequence, new EventData(after.ToResponse(), detectedBy));
            var stored = new GatewayEvent(id, detected.Type, after.Id, after.Vendor, detected.Timestamp, sequence, JsonSerializer.Serialize(body, GatewayJson.Api));
            if (await events.TryAppendAsync(stored, cancellationToken))
            {
                Log.Published(logger, id, detected.Type, after.Id, QueryWire(detectedBy));
                metrics.EventPublished(detected.Type);
                await FanOutAsync(stored, cancellationToken);
            }
        }
    }

    public Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        foreach (var subscription in await subscriptions.ListAsync(cancellationToken))
        {
            if (subscription.Enabled && subscription.Wants(stored.Type, stored.Vendor))
            {
                jobs.Enqueue<DeliveryJob>(job => job.RunAsync(stored.Id, subscription.Id, 1, CancellationToken.None));
            }
        }
    }

    private static string QueryWire(DetectedBy by) => JsonNamingPolicy.SnakeCaseLower.ConvertName(by.ToString());

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "Event {EventId} ({EventType}) for interview {InterviewId}, detected by {DetectedBy}")]
        public static partial void Published(ILogger logger, string eventId, string eventType, string interviewId, string detectedBy);
    }
}
