namespace InterviewGateway.Inbound;

/// Wakes this instance's follow-up dispatcher as soon as it accepted a webhook, so a follow-up does not
/// wait for the next idle check; other instances find it at their next check. Like an auto-reset event:
/// any number of signals before a wait wake that one wait.
internal sealed class FollowUpSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// Returns when signalled or after `timeout` (read from `time`), whichever is first.
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // timed out
        }
    }

    public void Dispose() => _signal.Dispose();
}
