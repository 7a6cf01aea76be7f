using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;

namespace InterviewGateway.Interviews;

/// Builds the events a change implies, before it is stored, so the store commits both at once. The id
/// is derived from (interview, type, fact); `sequence` is the version the change is stored with.
internal static class EventComposer
{
    /// `after` carries the version it will be stored with.
    public static IReadOnlyList<GatewayEvent> Compose(Interview before, Interview after, DetectedBy detectedBy,
        DateTimeOffset now) =>
        [.. ChangeDetector.Detect(before, after).Select(detected => EventBodies.Interview(detected.Type,
            detected.Discriminator, detected.Timestamp, after.Version, after.ToResponse(), Wire(detectedBy), now,
            GatewayActivity.TraceParent))];

    /// A newly tracked interview that already finished still tells subscribers it finished, unless it
    /// finished longer ago than events are kept (issue 17): had it been announced before its records
    /// expired, that event is gone too and nothing could tell the second announcement from the first
    /// (reconciliation re-tracked interviews finished 120 days ago). Within the retention its event id,
    /// derived from the fact, finds the first event still stored, so it is announced exactly once.
    public static IReadOnlyList<GatewayEvent> ComposeTracked(Interview tracked, DetectedBy detectedBy,
        DateTimeOffset now, TimeSpan eventRetention) =>
        tracked.Status.IsTerminal()
            ? [.. Compose(tracked with { Status = InterviewStatus.Unknown }, tracked, detectedBy, now)
                .Where(e => e.Timestamp > now - eventRetention)]
            : [];

    /// The contract's detected_by values: a create or a track that finds a finished interview is a refresh.
    private static EventDetection Wire(DetectedBy detectedBy) => detectedBy switch
    {
        DetectedBy.Poll => EventDetection.Poll,
        DetectedBy.VendorWebhook => EventDetection.VendorWebhook,
        DetectedBy.Reconcile => EventDetection.Reconcile,
        DetectedBy.Refresh or DetectedBy.Create or DetectedBy.Track => EventDetection.Refresh,
        _ => throw new ArgumentOutOfRangeException(nameof(detectedBy), detectedBy, null),
    };
}
