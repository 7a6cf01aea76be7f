namespace InterviewGateway.Simulation;

/// What a run does, generated from its seed before it starts, so a run can be replayed with a subset of
/// it (shrinking). Every time is an offset from the start of the simulation.
internal abstract record Actor(int Id)
{
    public abstract string Describe();
}

/// Lost: the vendor's webhook never arrives; Replayed: it arrives, and again later.
internal enum WebhookFate
{
    Sent,
    Lost,
    Replayed,
}

/// One interview: created (or, for userjourneys, started by a respondent and tracked) through `Instance`,
/// completed by the vendor after `CompleteAfter` (never when null), maybe untracked and tracked again.
internal sealed record InterviewActor(
    int Id, string Vendor, TimeSpan CreateAt, int Instance, TimeSpan? CompleteAfter, WebhookFate Fate,
    TimeSpan ReplayAfter, TimeSpan? DeleteAt, TimeSpan? TrackAgainAt) : Actor(Id)
{
    public override string Describe() => $"interview#{Id} {Vendor} created {Day(CreateAt)} via gw{Instance}, "
        + (CompleteAfter is { } c ? $"completes +{c.TotalHours:F1}h, webhook {Fate}" : "never completes")
        + (DeleteAt is { } d ? $", DELETE {Day(d)}" : "") + (TrackAgainAt is { } t ? $", tracked again {Day(t)}" : "");

    internal static string Day(TimeSpan at) => $"d{at.TotalDays:F2}";
}

/// A subscription and its subscriber, with the subscriber's outages (its operator re-enables and
/// recovers after each) and an optional manual disable window.
internal sealed record SubscriptionActor(
    int Id, TimeSpan CreateAt, int Instance, IReadOnlyList<string> EventTypes, string? Vendor, TimeSpan? DeleteAt,
    (TimeSpan From, TimeSpan To)? ManualDisable, IReadOnlyList<(TimeSpan Start, TimeSpan Length)> Outages) : Actor(Id)
{
    public string Name => $"s{Id}";

    public override string Describe() => $"subscription#{Id} created {InterviewActor.Day(CreateAt)} via gw{Instance}, "
        + $"types {string.Join("+", EventTypes)}{(Vendor is null ? "" : $", vendor {Vendor}")}"
        + (DeleteAt is { } d ? $", deleted {InterviewActor.Day(d)}" : "")
        + (ManualDisable is { } m ? $", disabled {InterviewActor.Day(m.From)}-{InterviewActor.Day(m.To)}" : "")
        + string.Concat(Outages.Select(o => $", outage {InterviewActor.Day(o.Start)} for {o.Length.TotalHours:F1}h"));

    public bool Wants(string type, string vendor) => EventTypes.Contains(type) && (Vendor is null || Vendor == vendor);

    /// How long after an outage its operator notices, re-enables and recovers.
    public static readonly TimeSpan OperatorDelay = TimeSpan.FromHours(1);

    public bool DownAt(TimeSpan at) => Outages.Any(o => at >= o.Start && at < o.Start + o.Length);

    /// Whether at `at` an outage or a manual disable still waits for the recover that ends it: a run cut
    /// there (--max-minutes) cannot have delivered what that recover sends. A full run never ends so
    /// (no outage in its last 10 days).
    public bool RecoveryPendingAt(TimeSpan at) =>
        Outages.Any(o => o.Start <= at && at < o.Start + o.Length + OperatorDelay)
        || (ManualDisable is { } window && window.From <= at && at < window.To);
}

/// An operator changes a vendor's plan on every instance at once (at the start of a calendar month).
internal sealed record LimitChangeActor(int Id, TimeSpan At, string Vendor, string Setting, int Value) : Actor(Id)
{
    public override string Describe() => $"limit#{Id} {InterviewActor.Day(At)} {Vendor} {Setting} = {Value}";
}

internal static class Workload
{
    public static readonly string[] Vendors = ["hindsight", "instaview", "userjourneys"];

    private const int LastNewSubscriptionDay = 100;

    /// Interviews a day per vendor, in the order of `Vendors`.
    private static readonly int[] PerDay = [5, 6, 6];

    public static IReadOnlyList<Actor> Generate(SimulationOptions options, DateTimeOffset start)
    {
        var random = new Random(options.Seed);
        var actors = new List<Actor>();
        var days = options.Days;
        var horizon = TimeSpan.FromDays(days);
        for (var s = 0; s < 3 + (days / 30); s++)
        {
            // Later subscriptions come within the first 100 days, so the number of live ones does not grow
            // after the retention horizon (the bounded-state check assumes a steady workload there).
            var createAt = s < 3 ? TimeSpan.FromMinutes(10 + s)
                : TimeSpan.FromDays(random.NextDouble() * Math.Min(LastNewSubscriptionDay, days - 10));
            actors.Add(Subscription(actors.Count, createAt, random, options, horizon));
        }

        var subscriptions = actors.Count;

        for (var day = 0; day < days; day++)
        {
            for (var v = 0; v < Vendors.Length; v++)
            {
                // Hindsight's polls are capped by its budget whatever its volume; the webhook vendors' cost
                // (reconciliation lists, follow-ups) grows with theirs, so only theirs scales.
                var count = PerDay[v] * (Vendors[v] == "hindsight" ? 1 : options.Scale);
                for (var n = 0; n < (int)count + (random.NextDouble() < count % 1 ? 1 : 0); n++)
                {
                    actors.Add(Interview(actors.Count, Vendors[v], day, random, options));
                }
            }
        }

        // Two in three later subscriptions are created within seconds of a completion reaching the gateway,
        // as happens all day on a busy deployment: the race between their creation and the event's storing.
        var racing = actors.OfType<InterviewActor>().Where(i => i.Vendor != "hindsight" && i.CompleteAfter is not null
            && i.Fate != WebhookFate.Lost && i.CreateAt < TimeSpan.FromDays(LastNewSubscriptionDay)).ToList();
        for (var s = 3; s < subscriptions && racing.Count > 0; s++)
        {
            if (s % 3 == 0)
            {
                continue;
            }

            var target = racing[random.Next(racing.Count)];
            var at = target.CreateAt + target.CompleteAfter!.Value
                + TimeSpan.FromSeconds((random.NextDouble() * 4) - 1);
            actors[s] = (SubscriptionActor)actors[s] with { CreateAt = at };
        }

        for (var month = start.AddMonths(1); month < start + horizon; month = month.AddMonths(1))
        {
            if (random.NextDouble() < 0.3)
            {
                var at = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero) - start;
                actors.Add(new LimitChangeActor(actors.Count, at, "Hindsight", "RequestsPerMonth",
                    random.NextDouble() < 0.5 ? 8_000 : 10_000));
            }
        }

        return actors;
    }

    private static InterviewActor Interview(int id, string vendor, int day, Random random, SimulationOptions options)
    {
        var createAt = TimeSpan.FromDays(day + 0.3 + (random.NextDouble() * 0.5));
        // Most interviews finish within hours, some take days; a few never finish.
        TimeSpan? complete = random.NextDouble() < 0.12 ? null
            : TimeSpan.FromHours(Math.Min(24 * 20, Math.Exp(Normal(random, Math.Log(6), 1.2))));
        var fate = vendor == "hindsight" ? WebhookFate.Sent : random.NextDouble() switch
        {
            < 0.07 => WebhookFate.Lost,
            < 0.12 => WebhookFate.Replayed,
            _ => WebhookFate.Sent,
        };
        var replay = TimeSpan.FromMinutes(1 + (random.NextDouble() * 60 * 24 * 8));
        TimeSpan? delete = null;
        TimeSpan? again = null;
        if (random.NextDouble() < 0.05)
        {
            delete = createAt + (complete ?? TimeSpan.FromDays(1)) + TimeSpan.FromDays(random.NextDouble() * 100);
            again = delete + TimeSpan.FromHours(1 + (random.NextDouble() * 24 * 30));
        }

        return new InterviewActor(id, vendor, createAt, random.Next(options.Instances), complete, fate, replay, delete,
            again);
    }

    private static SubscriptionActor Subscription(int id, TimeSpan createAt, Random random, SimulationOptions options,
        TimeSpan horizon)
    {
        var types = random.NextDouble() < 0.5
            ? new[] { "interview.completed" }
            : ["interview.completed", "interview.status_changed"];
        var vendor = random.NextDouble() < 0.25 ? Vendors[random.Next(Vendors.Length)] : null;
        TimeSpan? delete = random.NextDouble() < 0.3
            ? createAt + TimeSpan.FromDays(random.NextDouble() * (horizon - createAt).TotalDays) : null;
        (TimeSpan, TimeSpan)? disable = null;
        if (random.NextDouble() < 0.3)
        {
            var from = createAt + TimeSpan.FromDays(random.NextDouble() * 30);
            disable = (from, from + TimeSpan.FromHours(1 + (random.NextDouble() * 48)));
        }

        // Outages from minutes to 6 days (log-uniform), about one a month, none in the last 10 days.
        var outages = new List<(TimeSpan, TimeSpan)>();
        var at = createAt + TimeSpan.FromDays(1 + (random.NextDouble() * 30));
        while (at < horizon - TimeSpan.FromDays(10))
        {
            var length = TimeSpan.FromMinutes(
                Math.Exp(Math.Log(5) + (random.NextDouble() * Math.Log(6 * 24 * 60 / 5.0))));
            outages.Add((at, length));
            at += length + TimeSpan.FromDays(1 + (random.NextDouble() * 40));
        }

        return new SubscriptionActor(id, createAt, random.Next(options.Instances), types, vendor, delete, disable,
            outages);
    }

    private static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
            * Math.Cos(2 * Math.PI * random.NextDouble()));
}
