namespace InterviewGateway.Simulation;

/// Checks the invariants as the run goes (commits, deliveries, disables, vendor requests) and at its end
/// (completions delivered, bounded state), and keeps the report's figures.
internal sealed class Checker(SimulationContext context)
{
    /// A completion stored this close to the end may still be on its way (retries, outages, recover).
    public static readonly TimeSpan DeliveryGrace = TimeSpan.FromDays(8);

    private static readonly TimeSpan DisableWindow = TimeSpan.FromDays(5);

    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Commit> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Vendor, string Period), int> _spend = [];
    private readonly List<(int Day, long Entries)> _entries = [];

    public List<Violation> Violations { get; } = [];

    public int Events { get; private set; }

    public int Completions => _completed.Count;

    public int Deliveries { get; private set; }

    public int DuplicateEvents { get; private set; }

    public int SequenceRegressions { get; private set; }

    /// Completions committed again under the same event id after a Redis crash lost the first commit.
    public int Recommitted { get; private set; }

    private DateTimeOffset _lastCrash = DateTimeOffset.MinValue;

    public int RedisCrashes { get; private set; }

    public void OnRedisCrash(DateTimeOffset at)
    {
        _lastCrash = at;
        RedisCrashes++;
    }

    public int RateLimited { get; private set; }

    /// Completions not yet received by a subscription whose outage (or manual disable) still waited for
    /// its recover when the run ended: owed, but not missing (only a run cut by --max-minutes has them).
    public int PendingAtEnd { get; private set; }

    /// Jobs Hangfire would have marked failed (retries exhausted), by job.
    public Dictionary<string, int> FailedJobs { get; } = new(StringComparer.Ordinal);

    public List<(int Actor, DateTimeOffset At, bool Deserved)> Disables { get; } = [];

    public IReadOnlyDictionary<(string Vendor, string Period), int> Spend => _spend;

    public long LargestEntriesAfterDay120 => _entries.Where(e => e.Day >= 120).Select(e => e.Entries)
        .DefaultIfEmpty(0).Max();

    public void OnCommit(IReadOnlyList<Commit> commit)
    {
        Events += commit.Count;
        var interview = commit[0].InterviewId;
        var actors = context.ActorsOf(interview);
        if (_lastSequence.TryGetValue(interview, out var last) && commit[0].Sequence <= last)
        {
            SequenceRegressions++;
            Fail(Invariants.SequenceIncreases, $"{interview}: {commit[0].Type} committed with sequence "
                + $"{commit[0].Sequence} after an earlier commit's {last}", actors);
        }

        _lastSequence[interview] = Math.Max(last, commit.Max(c => c.Sequence));
        foreach (var completed in commit.Where(c => c.Type == "interview.completed"))
        {
            if (_completed.TryGetValue(interview, out var first))
            {
                if (completed.EventId == first.EventId && _lastCrash > first.At)
                {
                    // Redis lost the first commit in a crash: the same event again is at-least-once, not a
                    // second event (subscribers dedupe by its id).
                    Recommitted++;
                    continue;
                }

                DuplicateEvents++;
                Fail(Invariants.OneEventPerCompletion, $"{interview}: interview.completed committed again as "
                    + $"{completed.EventId} ({(completed.EventId == first.EventId ? "same id" : "new id")}), "
                    + $"{(completed.At - first.At).TotalDays:F1} days after {first.EventId}", actors);
                continue;
            }

            _completed[interview] = completed;
        }
    }

    /// Deliveries run concurrently (the dispatcher's lanes), so this takes a lock: an unlocked HashSet lost
    /// entries under load and reported deliveries that happened as missing.
    public void OnDelivered(SubscriptionActor subscription, string eventId, string type)
    {
        lock (_received)
        {
            Deliveries++;
            _received.TryAdd(subscription.Name, new HashSet<string>(StringComparer.Ordinal));
            _received[subscription.Name].Add(eventId);
        }
    }

    public void OnAutoDisable(string subscriptionId, DateTimeOffset at, string? reason)
    {
        var actor = context.SubscriptionActor(subscriptionId);
        var offset = at - context.Clock.Start;
        // Deserved: its subscriber has been down, without a break, for the whole window.
        var deserved = actor is not null && actor.Outages.Any(o => o.Start <= offset - DisableWindow
            && offset < o.Start + o.Length);
        // Attempts to two subscriptions can disable both at once (the dispatcher's lanes run side by side).
        lock (Disables)
        {
            Disables.Add((actor?.Id ?? -1, at, deserved));
            if (!deserved)
            {
                Fail(Invariants.DeservedDisables, $"subscription#{actor?.Id} disabled ({reason}) although its "
                    + "subscriber was not down for the last 5 days", actor is null ? [] : [actor.Id]);
            }
        }
    }

    public void OnVendorRequest(VendorRequest request)
    {
        if (request.RateLimited)
        {
            RateLimited++;
            Fail(Invariants.VendorWindows, $"{request.Vendor} answered 429 to {request.Method} {request.Path}", []);
        }

        var at = request.At.UtcDateTime;
        Count(request.Vendor, $"month {at:yyyy-MM}");
        Count(request.Vendor, $"hour {at:yyyy-MM-dd HH}");
    }

    /// The limit in force: only calendar months are checked here (the simulators answer 429 past their
    /// minute and hour windows, which the check above counts).
    public void CheckMonth(string vendor, string month, int limit)
    {
        if (_spend.GetValueOrDefault((vendor, $"month {month}")) is var spent && limit > 0 && spent > limit)
        {
            Fail(Invariants.VendorWindows, $"{vendor} got {spent:N0} requests in calendar month {month} "
                + $"against a limit of {limit:N0}", []);
        }
    }

    public void OnFailedJob(string job, Exception exception)
    {
        var key = $"{job[(job.IndexOf(' ', StringComparison.Ordinal) + 1)..]}: {exception.GetType().Name}";
        FailedJobs[key] = FailedJobs.GetValueOrDefault(key) + 1;
        context.Trace($"{job} failed for good: {exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
    }

    /// Where the end-of-run checks ran (the last simulated instant the run reached).
    public DateTimeOffset End { get; private set; }

    /// The entries of each store at the last sample.
    public IReadOnlyDictionary<string, long> LastEntries { get; private set; } = new Dictionary<string, long>();

    public void SampleEntries(int day, IReadOnlyDictionary<string, long> entries)
    {
        LastEntries = entries;
        _entries.Add((day, entries.Values.Sum()));
    }

    /// The end-of-run checks: completions delivered, state bounded.
    public void Finish(IReadOnlyList<SubscriptionActor> subscriptions, DateTimeOffset end,
        Func<SubscriptionActor, DateTimeOffset?> createdAt)
    {
        End = end;
        foreach (var (interview, completed) in _completed.Where(c => c.Value.At <= end - DeliveryGrace))
        {
            var vendor = interview[..interview.IndexOf('_', StringComparison.Ordinal)];
            foreach (var subscription in subscriptions.Where(s => s.Wants(completed.Type, vendor)
                && createdAt(s) is { } created && created < completed.At && s.DeleteAt is null))
            {
                if (_received.TryGetValue(subscription.Name, out var got) && got.Contains(completed.EventId))
                {
                    continue;
                }

                if (subscription.RecoveryPendingAt(end - context.Clock.Start))
                {
                    PendingAtEnd++;
                }
                else
                {
                    Fail(Invariants.CompletionReachesSubscriptions, $"{completed.EventId} ({interview}, stored "
                        + $"{completed.At:yyyy-MM-dd HH:mm:ss}) never reached subscription#{subscription.Id}",
                        [.. context.ActorsOf(interview), subscription.Id]);
                }
            }
        }

        var after = _entries.Where(e => e.Day >= 120).ToList();
        if (after.Count >= 120)
        {
            var half = after.Count / 2;
            var (early, late) = (after.Take(half).Max(e => e.Entries), after.Skip(half).Max(e => e.Entries));
            // A steady workload past the longest retention (90 days) must not keep adding state.
            if (late > early * 1.25)
            {
                Fail(Invariants.BoundedState, $"store entries still grow after day 120: largest {early:N0} in "
                    + $"days {after[0].Day}-{after[half - 1].Day}, {late:N0} in days {after[half].Day}-{after[^1].Day}",
                    []);
            }
        }
    }

    public void Fail(string invariant, string message, IReadOnlyList<int> actors)
    {
        Violations.Add(new Violation(invariant, context.Clock.GetUtcNow(), message, actors));
        context.Trace($"VIOLATION [{invariant}] {message}");
    }

    private void Count(string vendor, string period)
    {
        lock (_spend)
        {
            _spend[(vendor, period)] = _spend.GetValueOrDefault((vendor, period)) + 1;
        }
    }
}
