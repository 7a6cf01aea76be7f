namespace InterviewGateway.Vendors.Budgets;

internal sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly Dictionary<string, long[]> _tats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _intervals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _use = new(StringComparer.Ordinal);
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
                var (minute, hour, month) = UsePeriods.At(now);
                foreach (var period in new[] { "m" + minute, "h" + hour, "M" + month })
                {
                    _use[vendor + "|" + period] = _use.GetValueOrDefault(vendor + "|" + period) + 1;
                }
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
                _use.GetValueOrDefault(vendor + "|m" + minute),
                _use.GetValueOrDefault(vendor + "|h" + hour),
                _use.GetValueOrDefault(vendor + "|M" + month),
                paused));
        }
    }
}
