namespace InterviewGateway.Simulation;

/// The discrete-event loop: actions run one at a time, in (time, insertion) order, each awaited to the
/// end before the clock moves on. A step that waits on a short virtual timer (a budget's Task.Delay) gets
/// the clock advanced to that timer, as the real loop would wait for it.
internal sealed class Scheduler(VirtualClock clock)
{
    /// The longest virtual wait a running step may be moved past (VendorBudget waits at most 5 s).
    private static readonly TimeSpan MaxStepWait = TimeSpan.FromSeconds(10);

    private readonly PriorityQueue<(string Label, Func<Task> Action), (DateTimeOffset At, long Order)> _queue = new();
    private long _order;

    public long Steps { get; private set; }

    /// Steps and wall time per kind of action (the label without instance and actor details).
    public Dictionary<string, (long Count, TimeSpan Wall)> Profile { get; } = new(StringComparer.Ordinal);

    public void At(DateTimeOffset at, string label, Func<Task> action)
    {
        // Stores raise events (a delivery queued) from whichever thread ran the step; one lock orders them.
        lock (_queue)
        {
            var now = clock.GetUtcNow();
            _queue.Enqueue((label, action), (at < now ? now : at, _order++));
        }
    }

    public void After(TimeSpan delay, string label, Func<Task> action) => At(clock.GetUtcNow() + delay, label, action);

    /// Runs every action due up to `end`; `failed` hears about an action that threw.
    public async Task RunUntilAsync(DateTimeOffset end, Action<string, Exception> failed)
    {
        while (true)
        {
            (string Label, Func<Task> Action) next;
            (DateTimeOffset At, long Order) key;
            bool hasAction;
            lock (_queue)
            {
                hasAction = _queue.TryPeek(out next, out key);
            }

            var timer = clock.NextTimer;
            if (timer is { } due && due <= end && (!hasAction || due < key.At))
            {
                clock.AdvanceTo(due);
                continue;
            }

            if (!hasAction || key.At > end)
            {
                clock.AdvanceTo(end);
                return;
            }

            lock (_queue)
            {
                _queue.Dequeue();
            }

            var (label, action) = next;
            clock.AdvanceTo(key.At);
            Steps++;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await RunStepAsync(action);
            }
            catch (Exception ex)
            {
                failed(label, ex);
            }

            var kind = Kind(label);
            var (count, wall) = Profile.GetValueOrDefault(kind);
            Profile[kind] = (count + 1, wall + System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// The kind of work a label names: without the instance ("gw1 dispatcher (woken)": "dispatcher (woken)"),
    /// a recurring job by its id, an actor by its kind ("interview#135 hindsight ...": "interview").
    internal static string Kind(string label)
    {
        var words = label.Split(' ', 4);
        return words switch
        {
            [var first, .. var rest] when first.StartsWith("gw", StringComparison.Ordinal) =>
                string.Join(' ', rest.Take(2)),
            ["recurring", var id, ..] => $"recurring {id}",
            [var first, ..] => first.Split('#')[0],
            _ => label,
        };
    }

    private async Task RunStepAsync(Func<Task> action)
    {
        var task = action();
        while (!task.IsCompleted)
        {
            // Read the signal before looking at the timers, so a timer armed in between is not missed.
            var armed = clock.Armed;
            if (clock.NextTimer is { } due && due - clock.GetUtcNow() <= MaxStepWait)
            {
                clock.AdvanceTo(due);
                continue;
            }

            await Task.WhenAny(task, armed);
        }

        await task;
    }
}
