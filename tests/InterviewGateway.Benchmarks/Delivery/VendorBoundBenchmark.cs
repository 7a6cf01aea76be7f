using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace InterviewGateway.Benchmarks.Delivery;

/// The case production has (issue 20): InstaView at its Scale plan (600 a minute, 30,000 an hour, in the
/// gateway's budget and in the simulator's own windows, which answer 429 past them), N pushed completions
/// while a caller refreshes one interview every 2 s. The bound is the budget's: N / R with R = 600 a
/// minute = 10/s; every completion must be delivered within 1.1 × N/R + 5 s, every caller answered within
/// 0.5 s, and the vendor must never answer 429.
internal static class VendorBoundBenchmark
{
    private const double PerSecond = 10;
    private static readonly TimeSpan CallerEvery = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(BenchRedis redis, LoopbackReceiver receiver, int n)
    {
        await redis.FlushAsync();
        await using var gateway = await InboundBenchmark.StartAsync(redis.ConnectionString,
            new Dictionary<string, string>
        {
            ["Vendors__InstaView__RequestsPerMinute"] = "600",
            ["Vendors__InstaView__RequestsPerHour"] = "30000",
            ["Sandbox__InstaView__RequestsPerMinute"] = "600",
            ["Sandbox__InstaView__RequestsPerHour"] = "30000",
        });
        var (_, secret) = await gateway.SubscribeAsync(receiver.Url, 64);
        receiver.Secret = secret;
        var ids = await InboundBenchmark.SeedAsync(gateway, n);
        var watched = (await InboundBenchmark.SeedAsync(gateway, 1, "IN_PROGRESS"))[0];
        using (var tracked = await gateway.Client.PostAsJsonAsync("/v1/interviews/track",
                   new Dictionary<string, string> { ["vendor"] = "instaview", ["vendor_interview_id"] = watched }))
        {
            tracked.EnsureSuccessStatusCode();
        }

        var setup = (await gateway.Client.GetFromJsonAsync<Dictionary<string, int>>("/bench/instaview-requests"))!;

        // The caller refreshes from the moment the burst starts until the last completion is delivered.
        using var done = new CancellationTokenSource();
        var callerTimes = new List<(double Seconds, HttpStatusCode Status)>();
        var caller = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(CallerEvery);
            while (!done.IsCancellationRequested)
            {
                var at = Stopwatch.GetTimestamp();
                using var response = await gateway.Client.GetAsync($"/v1/interviews/instaview_{watched}?refresh=true",
                    CancellationToken.None);
                callerTimes.Add((Stopwatch.GetElapsedTime(at).TotalSeconds, response.StatusCode));
                try
                {
                    await tick.WaitForNextTickAsync(done.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var bound = n / PerSecond;
        var started = Stopwatch.GetTimestamp();
        var (_, accepted, rejected) = await InboundBenchmark.PushAsync(gateway, ids, offeredPerSecond: null);
        var deadline = TimeSpan.FromSeconds(3 * bound + 30);
        while (ids.Any(id => !receiver.InterviewArrivals.ContainsKey($"instaview_{id}"))
               && Stopwatch.GetElapsedTime(started) < deadline)
        {
            await Task.Delay(50);
        }

        await done.CancelAsync();
        await caller;
        var arrivals = ids.Where(id => receiver.InterviewArrivals.ContainsKey($"instaview_{id}"))
            .Select(id => receiver.InterviewArrivals[$"instaview_{id}"]).ToList();
        var last = arrivals.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(started, arrivals.Max()).TotalSeconds;
        var vendor = (await gateway.Client.GetFromJsonAsync<Dictionary<string, int>>(
            $"/bench/instaview-requests?from={setup["total"]}"))!;
        var answers = callerTimes.Select(c => c.Seconds).Order().ToArray();
        var callerMax = answers.Length == 0 ? double.NaN : answers[^1];
        var callerP95 = answers.Length == 0 ? double.NaN
            : answers[Math.Clamp((int)Math.Ceiling(0.95 * answers.Length) - 1, 0, answers.Length - 1)];
        var callerFailed = callerTimes.Count(c => c.Status != HttpStatusCode.OK);
        var pass = arrivals.Count == n && accepted == n && last <= (1.1 * bound) + 5 && callerMax <= 0.5
            && callerFailed == 0 && vendor["rate_limited"] == 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n:N0} | {bound:F0} s | {(1.1 * bound) + 5:F0} s | {accepted:N0} ({rejected} not 202) "
            + $"| {arrivals.Count:N0} | {last:F1} s | **{last / bound:F2}** "
            + $"| {callerTimes.Count} ({callerFailed} not 200) | {callerP95:F2} s | {callerMax:F2} s "
            + $"| {vendor["total"]:N0} | {vendor["max_in_any_minute"]} | {vendor["rate_limited"]} "
            + $"| {(pass ? "PASS" : "FAIL")} |"));
        PrintGaps(vendor);
    }

    private static void PrintGaps(Dictionary<string, int> vendor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  gaps between vendor requests: p10 {vendor["gap_p10_ms"]} ms, p50 {vendor["gap_p50_ms"]} ms, "
            + $"p90 {vendor["gap_p90_ms"]} ms, max {vendor["gap_max_ms"]} ms (the budget spaces them 100 ms); "
            + $"first to last {vendor["span_ms"] / 1000.0:F1} s"));

    public static void PrintHeader()
    {
        Console.WriteLine();
        Console.WriteLine("Vendor-bound: InstaView at 600/min and 30,000/h (gateway budget and simulator windows), "
            + "N pushed completions (32 concurrent) while a caller refreshes one interview every 2 s; R = 10/s");
        Console.WriteLine("| N | bound N/R | target 1.1 N/R + 5 s | accepted | delivered | last delivered "
            + "| last / (N/R) | caller refreshes | caller p95 | caller max | vendor requests "
            + "| most in any minute (limit 600) | vendor 429s | check |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    }
}
