namespace InterviewGateway.Interviews;

/// Told about every tracked-interview change once, by the instance that stored it, after the commit and
/// the relay (Polling schedules the next poll from it; events are relayed by the store's outbox, not from
/// here). It runs on the caller's path: keep implementations cheap.
internal interface IInterviewChangeSink
{
    Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken);

    Task OnChangedAsync(Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken);

    Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken);
}
