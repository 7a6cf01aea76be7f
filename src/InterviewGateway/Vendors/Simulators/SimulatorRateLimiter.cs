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

            // Counted in place: the queue holds an hour of requests, and this runs on every simulated call.
            var used = new int[windows.Count];
            var oldest = new DateTimeOffset[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                var since = now - windows[i].Length;
                oldest[i] = now;
                foreach (var at in _accepted)
                {
                    if (at > since)
                    {
                        oldest[i] = used[i] == 0 ? at : oldest[i];
                        used[i]++;
                    }
                }
            }

            var allowed = true;
            for (var i = 0; i < windows.Count; i++)
            {
                allowed &= used[i] < windows[i].Limit;
            }

            if (allowed)
            {
                _accepted.Enqueue(now);
            }

            var states = new SimulatorWindowState[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                states[i] = new SimulatorWindowState(
                    windows[i], used[i] + (allowed ? 1 : 0), oldest[i] + windows[i].Length);
            }

            var retryAfter = allowed
                ? TimeSpan.Zero
                : states.Where(s => s.Used >= s.Window.Limit).Max(s => s.ResetAt - now);
            return new SimulatorRateDecision(allowed, now, retryAfter, states);
        }
    }
}
