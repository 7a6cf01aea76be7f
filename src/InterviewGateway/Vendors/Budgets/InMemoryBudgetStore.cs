namespace InterviewGateway.Vendors.Budgets;

internal sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly Dictionary<string, long[]> _tats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _intervals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Count, DateTimeOffset Expires)> _use = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<BudgetAttempt> TryTakeAsync(
        string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pausedUntil.TryGetValue(vendor, out var until) && until > now)
            {
                return Task.FromResult(new BudgetAttempt(until - now, Paused: true));
            }

            // Keyed by the windows' names, not their limits: a changed limit keeps what it owes.
            var key = vendor + "|" + string.Join(',', windows.Select(w => w.Name));
            if (!_tats.TryGetValue(key, out var tats) || tats.Length != windows.Count)
            {
                _tats[key] = tats = new long[windows.Count];
                _intervals[key] = new long[windows.Count];
            }

            Gcra.Rescale(tats, _intervals[key], windows, now.ToUnixTimeMilliseconds());

            if (!_waiting.TryGetValue(vendor, out var waiting))
            {
                _waiting[vendor] = waiting = new long[(int)BudgetPriority.Poll];
            }

            var wait = Gcra.TryTake(tats, waiting, windows, priority, now.ToUnixTimeMilliseconds());
            if (wait == 0)
            {
                Count(vendor, now);
            }

            return Task.FromResult(new BudgetAttempt(TimeSpan.FromMilliseconds(wait), Paused: false));
        }
    }

    public Task PauseUntilAsync(
        string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_pausedUntil.TryGetValue(vendor, out var current) || current < until)
            {
                _pausedUntil[vendor] = until;
            }
        }

        return Task.CompletedTask;
    }

    public Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var (minute, hour, month) = UsePeriods.At(now);
            DateTimeOffset? paused = _pausedUntil.TryGetValue(vendor, out var until) && until > now ? until : null;
            return Task.FromResult(new BudgetUse(
                Read(vendor, "m", minute, now), Read(vendor, "h", hour, now), Read(vendor, "M", month, now), paused));
        }
    }

    public Task<UseHistory> GetHistoryAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var periods = UsePeriods.History(now);
            return Task.FromResult(
                UseHistory.From(periods, [.. periods.Select(p => Read(vendor, p.Kind, p.Label, now))]));
        }
    }

    /// Increments this request's counters; a counter's first request drops the expired ones, so the
    /// history stays bounded like Redis's expiring keys.
    private void Count(string vendor, DateTimeOffset now)
    {
        foreach (var (kind, period, retention) in UsePeriods.Counters(now))
        {
            var key = $"{vendor}|{kind}{period}";
            if (!_use.TryGetValue(key, out var use))
            {
                foreach (var expired in _use.Where(u => u.Value.Expires <= now).Select(u => u.Key).ToList())
                {
                    _use.Remove(expired);
                }
            }

            _use[key] = (use.Count + 1, now + retention);
        }
    }

    /// How many counters are kept (for the retention test).
    internal int CounterCount { get { lock (_gate) { return _use.Count; } } }

    private long Read(string vendor, string kind, string period, DateTimeOffset now) =>
        _use.TryGetValue($"{vendor}|{kind}{period}", out var use) && use.Expires > now ? use.Count : 0;
}
