namespace InterviewGateway.Vendors.Simulators;

internal sealed record SimulatedRequest(DateTimeOffset At, string Method, string Path, int Status);

/// What a simulator was asked, for tests and for the sandbox's own diagnostics.
internal sealed class SimulatorRequestLog
{
    private readonly List<SimulatedRequest> _requests = [];
    private readonly Lock _gate = new();

    /// Off: nothing is kept. The simulation observes every vendor request itself and runs for simulated
    /// years; kept here as well, millions of entries made every garbage collection slower.
    public bool Recording { get; set; } = true;

    public void Add(DateTimeOffset at, string method, string path, int status)
    {
        if (!Recording)
        {
            return;
        }

        lock (_gate)
        {
            _requests.Add(new SimulatedRequest(at, method, path, status));
        }
    }

    public IReadOnlyList<SimulatedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    /// The most accepted (non-429) requests seen in any span of `window`.
    public int MaxInAnyWindow(TimeSpan window)
    {
        var accepted = Snapshot().Where(r => r.Status != 429).Select(r => r.At).Order().ToArray();
        var max = 0;
        for (int start = 0, end = 0; end < accepted.Length; end++)
        {
            while (accepted[end] - accepted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
