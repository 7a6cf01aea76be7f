using Hangfire.Common;

namespace InterviewGateway.Simulation;

internal sealed record SimulationOptions(int Days, int Seed, int Instances = 3, double Scale = 1)
{
    /// Clock offsets of the instances stay within ±this (ordinary NTP drift between hosts).
    public static readonly TimeSpan MaxOffset = TimeSpan.FromSeconds(5);

    /// The short form CI runs (SimulationInvariantTests): past every retention horizon (240 days, so the
    /// bounded-state check has 120 days after day 120), with a tenth of the webhook vendors' daily volume.
    public static readonly SimulationOptions ShortForm = new(Days: 240, Seed: 1, Instances: 3, Scale: 0.1);

    /// Stop after the first simulated day that ends past this much wall time (null: run every day); the
    /// report then covers the days reached, and the end-of-run checks run at that day.
    public TimeSpan? WallBudget { get; init; }

    /// Stop at the first violation (shrinking replays stop there).
    public bool StopAtFirstViolation { get; init; }

    /// Where to say how far the run got (every 25 days); null: nowhere.
    public TextWriter? Progress { get; init; }

    /// Redis mode: the stores are the production Redis ones on a real redis-server that follows the virtual
    /// clock and crashes at seeded times (RedisMode.cs).
    public bool Redis { get; init; }

    /// Only these actors act (shrinking); null: all of them.
    public IReadOnlySet<int>? Only { get; init; }
}

/// What every part of one run shares: the clock, the scheduler, the seeded randomness, the trace and
/// the checker, and which workload actor each gateway id belongs to.
internal sealed class SimulationContext
{
    private readonly Dictionary<string, List<int>> _interviewActors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriptionActor> _subscriptionActors = new(StringComparer.Ordinal);

    public SimulationContext(SimulationOptions options, DateTimeOffset start)
    {
        Options = options;
        Clock = new VirtualClock(start);
        Scheduler = new Scheduler(Clock);
        Random = new Random(options.Seed);
        Checker = new Checker(this);
    }

    public SimulationOptions Options { get; }

    public VirtualClock Clock { get; }

    public Scheduler Scheduler { get; }

    /// The run's one source of randomness inside the gateway (retry jitter, lane order) and the harness.
    public Random Random { get; }

    public Checker Checker { get; }

    public Dictionary<string, (Job Job, string Cron)> Recurring { get; } = new(StringComparer.Ordinal);

    public List<string> TraceLines { get; } = [];

    public void Trace(string line) => TraceLines.Add($"{Clock.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {line}");

    public void OwnInterview(string interviewId, int actor)
    {
        if (!_interviewActors.TryGetValue(interviewId, out var actors))
        {
            _interviewActors[interviewId] = actors = [];
        }

        if (!actors.Contains(actor))
        {
            actors.Add(actor);
        }
    }

    public IReadOnlyList<int> ActorsOf(string interviewId) =>
        _interviewActors.TryGetValue(interviewId, out var actors) ? actors : [];

    public void OwnSubscription(string subscriptionId, SubscriptionActor actor) =>
        _subscriptionActors[subscriptionId] = actor;

    public SubscriptionActor? SubscriptionActor(string subscriptionId) =>
        _subscriptionActors.GetValueOrDefault(subscriptionId);
}
