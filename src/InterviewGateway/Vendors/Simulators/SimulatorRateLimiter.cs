namespace InterviewGateway.Vendors.Simulators;

/// Sliding windows, the way vendors count: a request is accepted only when every window has room, and
/// only accepted requests count (a refused one takes nothing from any window).
internal sealed class SimulatorRateLimiter(TimeProvider time)
{
    // Accepted times in order from `_head` on; a window's count is a binary search, not a copy of the
    // window (issue 20: with 100,000 a minute allowed, each request copied every time of the last hour,
    // a large-object array per request, about a tenth of the gateway's CPU in the inbound benchmark).
    private readonly List<DateTimeOffset> _accepted = [];
    private readonly Lock _gate = new();
    private int _head;

    public SimulatorRateDecision TryTake(IReadOnlyList<SimulatorWindow> windows)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var longest = windows.Max(w => w.Length);
            while (_head < _accepted.Count && _accepted[_head] <= now - longest)
            {
                _head++;
            }

            if (_head > 1024 && _head > _accepted.Count / 2)
            {
                _accepted.RemoveRange(0, _head);
                _head = 0;
            }

            var firstInWindow = new int[windows.Count];
            var allowed = true;
            for (var i = 0; i < windows.Count; i++)
            {
                firstInWindow[i] = FirstAfter(now - windows[i].Length);
                allowed &= _accepted.Count - firstInWindow[i] < windows[i].Limit;
            }

            var states = new SimulatorWindowState[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                var first = firstInWindow[i];
                var oldest = first < _accepted.Count ? _accepted[first] : now;
                states[i] = new SimulatorWindowState(windows[i], _accepted.Count - first + (allowed ? 1 : 0),
                    oldest + windows[i].Length);
            }

            if (allowed)
            {
                // Times only move forward here, so the list stays sorted for the search.
                _accepted.Add(_accepted.Count > _head && _accepted[^1] > now ? _accepted[^1] : now);
            }

            var retryAfter = allowed
                ? TimeSpan.Zero
                : states.Where(s => s.Used >= s.Window.Limit).Max(s => s.ResetAt - now);
            return new SimulatorRateDecision(allowed, now, retryAfter, states);
        }
    }

    /// The index of the first accepted time after `since` (the list's count when there is none).
    private int FirstAfter(DateTimeOffset since)
    {
        var (low, high) = (_head, _accepted.Count);
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (_accepted[mid] > since)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
