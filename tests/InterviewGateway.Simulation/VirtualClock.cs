namespace InterviewGateway.Simulation;

/// The one simulated clock: it moves only when the scheduler advances it, and fires the timers
/// (Task.Delay, PeriodicTimer, simulator timers) that came due, in due order. It plays Redis's clock.
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<VirtualTimer, (DateTimeOffset Due, long Order)> _timers = new();
    private DateTimeOffset _now = start;
    private long _order;
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset Start { get; } = start;

    /// Hears every move, under the clock's lock (Redis mode writes the time redis-server reads).
    public Action<DateTimeOffset>? Moved { get; set; }

    /// Completes when a timer is armed next (a step may be about to wait for it).
    public Task Armed
    {
        get
        {
            lock (_lock)
            {
                return _armed.Task;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// The earliest armed timer, if any.
    public DateTimeOffset? NextTimer
    {
        get
        {
            lock (_lock)
            {
                while (_timers.TryPeek(out var timer, out var key))
                {
                    if (timer.IsArmed(key.Order))
                    {
                        return key.Due;
                    }

                    _timers.Dequeue(); // re-armed or disposed since it was queued
                }

                return null;
            }
        }
    }

    /// Moves to `to` (never back), firing every timer due on the way at its own time.
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            VirtualTimer? fire = null;
            lock (_lock)
            {
                while (_timers.TryPeek(out var timer, out var key) && key.Due <= to)
                {
                    _timers.Dequeue();
                    if (timer.IsArmed(key.Order))
                    {
                        fire = timer;
                        _now = key.Due > _now ? key.Due : _now;
                        Moved?.Invoke(_now);
                        break;
                    }
                }

                if (fire is null)
                {
                    _now = to > _now ? to : _now;
                    Moved?.Invoke(_now);
                    return;
                }
            }

            fire.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new VirtualTimer(this, callback, state, dueTime, period);

    private void Arm(VirtualTimer timer)
    {
        lock (_lock)
        {
            timer.Order = _order++;
            _timers.Enqueue(timer, (timer.Due!.Value, timer.Order));
            var armed = _armed;
            _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            armed.TrySetResult();
        }
    }

    private sealed class VirtualTimer : ITimer
    {
        private readonly VirtualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period;

        public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan due, TimeSpan period)
        {
            (_clock, _callback, _state) = (clock, callback, state);
            Change(due, period);
        }

        public DateTimeOffset? Due { get; private set; }

        public long Order { get; set; } = -1;

        public bool IsArmed(long order) => Due is not null && Order == order;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
            if (Due is not null)
            {
                _clock.Arm(this);
            }

            return true;
        }

        public void Fire()
        {
            Due = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? Due + _period : null;
            if (Due is not null)
            {
                _clock.Arm(this);
            }

            _callback(_state);
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// One instance's clock: the virtual clock plus this host's offset (NTP drift); its timers run on the
/// virtual clock.
internal sealed class OffsetClock(VirtualClock clock, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        clock.CreateTimer(callback, state, dueTime, period);
}
