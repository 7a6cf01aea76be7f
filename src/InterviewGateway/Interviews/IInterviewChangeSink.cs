namespace InterviewGateway.Interviews;

/// Told about every tracked-interview change, after it is stored (Polling schedules the next poll from
/// it; events are relayed by the store's outbox, not from here). Implementations must be idempotent: a
/// retry may repeat a call.
internal interface IInterviewChangeSink
{
    Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken);

    Task OnChangedAsync(Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken);

    Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken);
}
