namespace InterviewGateway.Infrastructure.Redis;

/// How a background loop reports a failed step. Redis unreachable or failing over (RedisFaults) is
/// expected and transient, as the API's 503 says: one Warning when the outage starts, then nothing until it
/// has lasted `ErrorAfter`, then an Error at most once per `ErrorAfter` (issue 17: each polling and
/// follow-up step logged an Error while a cluster failed over in seconds). Any other failure is a bug and
/// an Error every time. A successful step ends the outage.
internal sealed class StorageOutage(TimeProvider time)
{
    /// A cluster failover takes seconds (node timeout plus election); a minute is no longer one.
    public static readonly TimeSpan ErrorAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset? _since;
    private DateTimeOffset? _lastError;
    private volatile bool _failing;

    public StepFailure Failed(Exception exception)
    {
        if (!RedisFaults.Is(exception))
        {
            return new StepFailure(StepFailureKind.Unexpected, TimeSpan.Zero);
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_since is not { } since)
            {
                (_since, _failing) = (now, true);
                return new StepFailure(StepFailureKind.OutageStarted, TimeSpan.Zero);
            }

            if (now - since < ErrorAfter || (_lastError is { } last && now - last < ErrorAfter))
            {
                return new StepFailure(StepFailureKind.Quiet, now - since);
            }

            _lastError = now;
            return new StepFailure(StepFailureKind.OutagePersists, now - since);
        }
    }

    public void Succeeded()
    {
        if (!_failing)
        {
            return; // the usual case: no lock
        }

        lock (_lock)
        {
            (_since, _lastError, _failing) = (null, null, false);
        }
    }
}

internal enum StepFailureKind
{
    /// Not a storage fault: log an Error.
    Unexpected,

    /// The first storage fault of an outage: log a Warning.
    OutageStarted,

    /// Within the outage's first minute, or soon after its last Error: log nothing.
    Quiet,

    /// The outage has lasted `ErrorAfter`: log an Error.
    OutagePersists,
}

internal readonly record struct StepFailure(StepFailureKind Kind, TimeSpan For);
