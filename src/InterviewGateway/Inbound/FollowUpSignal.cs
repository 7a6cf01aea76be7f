namespace InterviewGateway.Inbound;

/// Wakes this instance's follow-up process as soon as it accepted a webhook, so a follow-up does not
/// wait for the next idle check; other instances find it at their next check.
internal sealed class FollowUpSignal : IDisposable
{
    private readonly AutoResetEvent _event = new(false);

    public WaitHandle Handle => _event;

    public void Set() => _event.Set();

    public void Dispose() => _event.Dispose();
}
