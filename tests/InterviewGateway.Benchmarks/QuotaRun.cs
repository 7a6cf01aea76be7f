using System.Diagnostics;
using InterviewGateway.Polling;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Benchmarks;

/// The quota run: Hindsight's budget (10 a minute, 10,000 a month) with a steady stream of tracked
/// interviews whose completions follow `CompletionModel.Realistic`. Interviews arrive uniformly for 90
/// simulated days; the measured month is days 30-60 (the steady state): its arrivals' detection delays
/// and the requests spent in it, against the offline optimum for the same requests per interview.
internal static class QuotaRun
{
    private const int PerMinute = 10;
    private const int PerMonth = 10_000;
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    public static async Task PrintAsync(int arrivalsPerMonth)
    {
        var model = CompletionModel.Realistic;
        Console.WriteLine($"Quota run: Hindsight budget ({PerMinute}/min, {PerMonth:N0}/month),"
            + $" {arrivalsPerMonth:N0} interviews tracked a month;"
            + $" {model.CompletingShare:P0} complete, log-normal median {model.Median.TotalHours:F0} h,"
            + $" sigma {model.Sigma}; tracking ends at 30 days");
        Console.WriteLine("| planner | measured | completed | undetected | mean delay | p95 delay | optimum mean"
            + " | optimum p95 | mean / optimum | requests in month | violations (minute, month) | wall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var planners = new[]
        {
            ("age tiers (the fallback), floor 0.1", int.MaxValue, 0.1),
            ("learned hazard, floor 0.1 (default)", 50, 0.1),
            ("learned hazard, floor 0.05", 50, 0.05),
        };
        foreach (var (name, learnAfter, floor) in planners)
        {
            var r = await RunAsync(arrivalsPerMonth, model, learnAfter, floor, seed: 11);
            var perInterview = r.RequestsInMonth / (double)r.Measured;
            var optimum = OfflineOptimum.Compute(model, PollingOptions.DefaultCadence, perInterview);
            Console.WriteLine($"| {name} | {r.Measured:N0} | {r.Completed:N0} | {r.Undetected:N0}"
                + $" | {Hours(r.MeanMinutes)} | {Hours(r.P95Minutes)}"
                + $" | {Hours(optimum.MeanMinutes)} | {Hours(optimum.P95Minutes)}"
                + $" | {r.MeanMinutes / optimum.MeanMinutes:F2}x | {r.RequestsInMonth:N0}"
                + $" | {r.MinuteViolations}, {r.MonthViolations} | {r.Wall.TotalSeconds:F1} s |");
        }
    }

    private sealed record Result(int Measured, int Completed, int Undetected, double MeanMinutes, double P95Minutes,
        int RequestsInMonth, int MinuteViolations, int MonthViolations, TimeSpan Wall);

    private static async Task<Result> RunAsync(
        int arrivalsPerMonth, CompletionModel model, int learnAfter, double floorShare, int seed)
    {
        var wall = Stopwatch.StartNew();
        var time = new FakeTimeProvider(Simulation.Start);
        var (catalog, budget, polling) = Simulation.Build(time, o =>
        {
            o.RequestsPerMinute = PerMinute;
            o.RequestsPerMonth = PerMonth;
        }, o =>
        {
            o.LearnAfterCompletions = learnAfter;
            o.TierFloorShare = floorShare;
            o.IdleInterval = TimeSpan.FromHours(1); // skip idle simulated time
        });
        var random = new Random(seed);
        var interviews = Enumerable.Range(0, 3 * arrivalsPerMonth)
            .Select(_ => Simulation.Start + (3 * Month * random.NextDouble())).Order()
            .Select((since, i) => new SimulatedInterview($"q{i:D6}", since, since + model.Sample(random), young: true))
            .ToList();
        var stats = new InMemoryCompletionStats();
        var queue = new InMemoryPollQueue();
        var byId = interviews.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var vendor = new SimulatedVendor(time, byId, polling.CurrentValue.MaxTrackingAge, stats);
        var dispatcher = new PollDispatcher(queue, budget, catalog, vendor, polling, time, completions: stats);

        var end = Simulation.Start + (3 * Month);
        var next = 0;
        while (time.GetUtcNow() < end)
        {
            var now = time.GetUtcNow();
            for (; next < interviews.Count && interviews[next].TrackedSince <= now; next++)
            {
                // As PollingChangeSink does for a newly tracked interview: first poll when the plan says.
                var plan = await dispatcher.PlanAsync(Simulation.Vendor, default);
                var first = now + plan.IntervalFor(TimeSpan.Zero);
                await queue.ScheduleAsync(Simulation.Vendor.Value, interviews[next].Id, first, now, default);
            }

            var wait = await dispatcher.StepAsync(Simulation.Vendor, default);
            if (wait > TimeSpan.Zero)
            {
                var arrival = next < interviews.Count ? interviews[next].TrackedSince : DateTimeOffset.MaxValue;
                var until = arrival < now + wait ? arrival : now + wait;
                time.Advance(until > now ? until - now : TimeSpan.FromMilliseconds(1));
            }
        }

        var (from, to) = (Simulation.Start + Month, Simulation.Start + (2 * Month));
        var measured = interviews.Where(i => i.TrackedSince >= from && i.TrackedSince < to).ToList();
        var completed = measured.Where(i => i.CompletesAt is not null).ToList();
        var delays = completed.Where(i => i.DetectionDelay is not null).Select(i => i.DetectionDelay!.Value).ToList();
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        return new Result(measured.Count, completed.Count, completed.Count - delays.Count,
            delays.Average(d => d.TotalMinutes), Stats.Percentile(delays, 95).TotalMinutes,
            vendor.RequestTimesMs.Count(t => t >= fromMs && t < toMs),
            Math.Max(0, Stats.MaxInAnyWindow(vendor.RequestTimesMs, 60_000) - PerMinute),
            Math.Max(0, Stats.MaxInAnyWindow(vendor.RequestTimesMs, (long)Month.TotalMilliseconds) - PerMonth),
            wall.Elapsed);
    }

    private static string Hours(double minutes) => $"{minutes / 60:F1} h";
}
