using System.Globalization;
using InterviewGateway.Benchmarks;

// Polling scheduler benchmark, in simulated time (FakeTimeProvider): the production PollDispatcher,
// InMemoryPollQueue and GCRA VendorBudget against a simulated vendor. A measurement, so it exits 0.
// Reproduce: dotnet run -c Release --project tests/InterviewGateway.Benchmarks
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// The delivery benchmark (and the gateway instances it starts as child processes of this executable).
switch (args.FirstOrDefault())
{
    case "delivery":
        return await InterviewGateway.Benchmarks.Delivery.DeliveryBenchmark.RunAsync(args[1..]);
    case "gateway-host":
        return await InterviewGateway.Benchmarks.Delivery.GatewayHost.RunAsync(args[1..]);
    case "--quota-only":
        await QuotaRun.PrintAsync(arrivalsPerMonth: 1_000);
        return 0;
}

const int Rate = 60;
const double Target = 1.1;

Console.WriteLine(
    "Polling scheduler benchmark (simulated time; cadence 5 min / 15 min / 60 min; R = requests per minute)");
Console.WriteLine("Reproduce: dotnet run -c Release --project tests/InterviewGateway.Benchmarks");
Console.WriteLine();
Console.WriteLine(
    "Run A: budget binds, every interview tracked at t0 (one age tier), completions uniform over the next 6 h");
Console.WriteLine(
    "| N | R/min | bound N/(2R) | p50 | p95 | p50/bound | p95/bound | p50/bound at load | p95/bound at load "
    + "| requests | violations | simulated | wall | target at load: p50 <= 1.1x, p95 <= 2x |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
foreach (var n in new[] { 1_000, 10_000 })
{
    var result = await Simulation.RunAsync(Scenarios.Uniform(n, TimeSpan.FromHours(6), seed: n), Rate, ageAware: true,
        cap: TimeSpan.FromHours(24));
    var bound = TimeSpan.FromMinutes(n / (2.0 * Rate));
    var delays =
        result.Interviews.Where(i => i.DetectionDelay is not null).Select(i => i.DetectionDelay!.Value).ToList();
    var (p50, p95) = (Stats.Percentile(delays, 50), Stats.Percentile(delays, 95));
    var pass = !result.CapReached && AtLoad(result, 50) <= Target && AtLoad(result, 95) <= 2 && Violations(result) == 0;
    Console.WriteLine(
        $"| {n:N0} | {Rate} | {Min(bound)} | {Min(p50)} | {Min(p95)} | {p50 / bound:F2} | {p95 / bound:F2} "
        + $"| {AtLoad(result, 50):F2} | {AtLoad(result, 95):F2} | {result.RequestTimesMs.Count:N0} "
        + $"| {Violations(result)} | {Hours(result)} | {result.Wall.TotalSeconds:F1} s "
        + $"| {(pass ? "PASS" : "FAIL")}{(result.CapReached ? " (cap reached)" : "")} |");
}

Console.WriteLine();
Console.WriteLine(
    "Run B: N = 5,000 with 20% tracked < 1 day, 30% 1-7 days, 50% older; 1,000 complete over the next 4 h, "
    + "80% of them young, R = 60");
Console.WriteLine(
    "cold: every interview due at t0 + 5 min (a backlog, as after an outage or a long vendor pause); "
    + "warm: due times spread over each tier's planned interval");
Console.WriteLine(
    "| start | dispatcher | young p50 | young p95 | all p50 | all p95 | older p95 | requests | violations "
    + "| simulated | wall |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (start, staggered) in new[] { ("warm", true), ("cold", false) })
{
    var runs = new List<TimeSpan[]>();
    foreach (var (name, ageAware) in new[] { ("age-aware", true), ("round robin", false) })
    {
        var result = await Simulation.RunAsync(Scenarios.AgeMix(5_000, seed: 42), Rate, ageAware,
            cap: TimeSpan.FromHours(24), staggered);
        var all = result.Interviews.Where(i => i.DetectionDelay is not null).ToList();
        var young = all.Where(i => i.Young).Select(i => i.DetectionDelay!.Value).ToList();
        var older = all.Where(i => !i.Young).Select(i => i.DetectionDelay!.Value).ToList();
        var overall = all.Select(i => i.DetectionDelay!.Value).ToList();
        TimeSpan[] figures = [Stats.Percentile(young, 50), Stats.Percentile(young, 95), Stats.Percentile(overall, 50),
            Stats.Percentile(overall, 95), Stats.Percentile(older, 95)];
        runs.Add(figures);
        Console.WriteLine(
            $"| {start} | {name} | {string.Join(" | ", figures.Select(Min))} | {result.RequestTimesMs.Count:N0} "
            + $"| {Violations(result)} | {Hours(result)}{(result.CapReached ? " (cap reached)" : "")} "
            + $"| {result.Wall.TotalSeconds:F1} s |");
    }

    var ratios = string.Join(" | ", runs[0].Zip(runs[1], (a, b) => $"{a / b:F2}x"));
    Console.WriteLine($"| {start} | age-aware / round robin | {ratios} | | | | |");
}

Console.WriteLine();
await QuotaRun.PrintAsync(arrivalsPerMonth: 1_000);

return 0;

// Each delay against the round-robin bound at the load when that interview completed: max(tracked / R,
// young cadence) / 2, since completions shrink the tracked set (and below 5 min a cycle is cadence-bound).
static double AtLoad(SimulationResult result, double percentile)
{
    var detected = result.Interviews.Where(i => i.DetectionDelay is not null).ToList();
    var detectedAt = detected.Select(i => i.CompletesAt!.Value + i.DetectionDelay!.Value).Order().ToArray();
    var ratios = detected.Select(i =>
    {
        var index = Array.BinarySearch(detectedAt, i.CompletesAt!.Value);
        var tracked = result.Interviews.Count - (index < 0 ? ~index : index);
        var bound = Math.Max(tracked / (double)Rate, 5) / 2;
        return i.DetectionDelay!.Value.TotalMinutes / bound;
    }).Order().ToArray();
    return ratios[(int)Math.Ceiling(percentile / 100 * ratios.Length) - 1];
}

static int Violations(SimulationResult result) => Math.Max(0, Stats.MaxInAnyMinute(result.RequestTimesMs) - Rate);

static string Min(TimeSpan t) => $"{t.TotalMinutes:F1} min";

static string Hours(SimulationResult result) => $"{result.Simulated.TotalHours:F1} h";
