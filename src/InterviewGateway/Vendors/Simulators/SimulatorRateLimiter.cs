namespace InterviewGateway.Vendors.Simulators;

/// Sliding windows, the way vendors count: a request is accepted only when every window has room, and
/// only accepted requests count (a refused one takes nothing from any window).
internal sealed class SimulatorRateLimiter(TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly Lock _gate = new();

    public SimulatorRateDecision TryTake(IReadOnlyList<SimulatorWindow> windows)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var longest = windows.Max(w => w.Length);
            while (_accepted.Count > 0 && _accepted.Peek() <= now - longest)
            {
                _accepted.Dequeue();
            }

            var inWindow = windows.Select(w => _accepted.Where(at => at > now - w.Length).ToArray()).ToArray();
            var allowed = windows.Select((w, i) => inWindow[i].Length < w.Limit).All(room => room);
            if (allowed)
            {
                _accepted.Enqueue(now);
            }

            var states = windows.Select((w, i) => new SimulatorWindowState(
                w, inWindow[i].Length + (allowed ? 1 : 0), inWindow[i].FirstOrDefault(now) + w.Length)).ToArray();
            var retryAfter = allowed
                ? TimeSpan.Zero
                : states.Where(s => s.Used >= s.Window.Limit).Max(s => s.ResetAt - now);
            return new SimulatorRateDecision(allowed, now, retryAfter, states);
        }
    }
}
