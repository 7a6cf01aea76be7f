using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Benchmarks.Delivery;

/// Inbound to outbound: N signed InstaView completion webhooks posted at the gateway (32 at a time, or at a
/// fixed offered rate); the gateway verifies each, follows it up against the InstaView simulator, stores
/// the event and delivers it to the loopback receiver. Reports accepted/s, end-to-end deliveries/s and
/// inbound → delivered p50/p95.
internal static class InboundBenchmark
{
    private const string SignatureHeader = "X-InstaView-Signature";
    private const string SignatureSecret = "bench_instaview_hmac_secret";
    private const string WebhookToken = "bench_instaview_webhook_token";
    private const int WarmUp = 2000;

    /// A gateway whose InstaView simulator signs like the benchmark and allows `vendor` (the gateway's own
    /// InstaView budget and the simulator's windows, `Vendors__InstaView__*` / `Sandbox__InstaView__*`).
    public static Task<ChildGateway> StartAsync(string? redis, IReadOnlyDictionary<string, string> vendor)
    {
        var settings = new Dictionary<string, string>
        {
            ["Sandbox__Enabled"] = "true",
            ["Vendors__InstaView__SignatureHeader"] = SignatureHeader,
            ["Vendors__InstaView__WebhookSecret"] = SignatureSecret,
            ["Vendors__InstaView__WebhookToken"] = WebhookToken,
        };
        foreach (var (key, value) in vendor)
        {
            settings[key] = value;
        }

        return ChildGateway.StartAsync(redis, "bench:", settings);
    }

    /// `n` interviews in the gateway's InstaView simulator with `status`; their vendor ids.
    public static async Task<List<string>> SeedAsync(ChildGateway gateway, int n, string status = "COMPLETED")
    {
        using var seeded = await gateway.Client.PostAsync(string.Create(CultureInfo.InvariantCulture,
            $"/bench/instaview-seed?n={n}&status={status}"), null);
        return (await seeded.Content.ReadFromJsonAsync<List<string>>())!;
    }

    public static async Task RunAsync(IBenchRedis redis, LoopbackReceiver receiver, int n, int concurrency,
        bool useRedis, double? offeredPerSecond, string redisLabel = "Redis")
    {
        await redis.FlushAsync();
        await using var gateway = await StartAsync(useRedis ? redis.ConnectionString : null,
            new Dictionary<string, string>
        {
            ["Vendors__InstaView__RequestsPerMinute"] = "0",
            ["Vendors__InstaView__RequestsPerHour"] = "0",
            ["Sandbox__InstaView__RequestsPerMinute"] = "100000",
            ["Sandbox__InstaView__RequestsPerHour"] = "1000000",
            // A throughput measurement from one loopback address: the per-address webhook limit stays out of it.
            ["Inbound__RequestsPerSecond"] = "0",
        });
        var (_, secret) = await gateway.SubscribeAsync(receiver.Url, concurrency);
        receiver.Secret = secret;
        var ids = await SeedAsync(gateway, n);
        // A gateway runs for days: warm it up (JIT, connection pools, the first of each kind of work) with
        // WarmUp pushed completions delivered end to end before measuring, as a running instance would be,
        // then more rounds until tiered compilation has settled: on 2 busy cores it lags the load, and
        // after 2,000 alone its background compiler still took about a fifth of the gateway's CPU in the
        // measured burst (issue 20).
        var warmedUp = await WarmUpAsync(gateway, receiver);
        await Task.Delay(1000); // settle: startup work and the subscription are not counted
        var jitBefore = await JitCountAsync(gateway);
        Dictionary<string, long> commands = useRedis ? await redis.CommandsAsync() : [];
        var cpu = gateway.Cpu;
        var (redisCpu, harnessCpu) = (useRedis ? redis.Cpu : TimeSpan.Zero, HarnessCpu());
        var started = Stopwatch.GetTimestamp();
        var (posted, accepted, rejected) = await PushAsync(gateway, ids, offeredPerSecond);
        var postSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await WaitForArrivalsAsync(receiver, ids);
        var latencies = posted.Where(p => receiver.InterviewArrivals.ContainsKey(p.Key))
            .Select(p => Stopwatch.GetElapsedTime(p.Value,
                receiver.InterviewArrivals[p.Key]).TotalSeconds).Order().ToArray();
        var delivered = latencies.Length;
        var lastArrival = posted.Keys.Where(receiver.InterviewArrivals.ContainsKey).Max(k =>
            receiver.InterviewArrivals[k]);
        var endToEnd = delivered / Stopwatch.GetElapsedTime(started, lastArrival).TotalSeconds;
        await Task.Delay(1000); // the last deliveries' bookkeeping
        var jitDuring = await JitCountAsync(gateway) - jitBefore;
        var cpuMs = (gateway.Cpu - cpu).TotalMilliseconds / n;
        var redisCpuMs = useRedis ? (redis.Cpu - redisCpu).TotalMilliseconds / n : 0;
        var harnessCpuMs = (HarnessCpu() - harnessCpu).TotalMilliseconds / n;
        var commandsAfter = useRedis ? await redis.CommandsAsync() : [];
        var perWebhook = useRedis
            ? ((commandsAfter.Values.Sum() - commands.Values.Sum()) / (double)n).ToString("F1",
                CultureInfo.InvariantCulture)
            : "–";
        var offered = offeredPerSecond is { } r ? $"{r:N0}/s" : "32 concurrent";
        var acceptedRate = offeredPerSecond is null ? (accepted / postSeconds).ToString("N0",
            CultureInfo.InvariantCulture) : "–";
        var check = delivered == n && accepted == n ? "PASS" : "FAIL";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(useRedis ? redisLabel : "in-memory")} | {offered} | {accepted:N0} / {n:N0} ({rejected} not 202) "
            + $"| {acceptedRate} | {endToEnd:N0} | {perWebhook} | {cpuMs:F2} "
            + $"| {Percentile(latencies, 50):F2} s | {Percentile(latencies, 95):F2} s | {delivered:N0} | {check} |"));
        // What issue 20's end-to-end bound costs: every process on these cores shares their CPU, so the
        // rate they can sustain is at most cores / (CPU per webhook), whatever the machine's other load.
        var totalMs = cpuMs + redisCpuMs + harnessCpuMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU ms per webhook: gateway {cpuMs:F2} + redis-server {redisCpuMs:F2} + harness (sender, "
            + $"receiver) {harnessCpuMs:F2} = {totalMs:F2}; {Environment.ProcessorCount} cores allow at most "
            + $"{Environment.ProcessorCount * 1000 / totalMs:N0}/s end to end (1,000/s needs <= "
            + $"{Environment.ProcessorCount:F2} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up: {warmedUp:N0} webhooks; methods JIT-compiled during the measured burst: {jitDuring:N0}"));
        if (useRedis)
        {
            Console.WriteLine("  Redis commands per webhook: " + BenchRedis.Breakdown(commands, commandsAfter, n));
        }

        if (rejected > 0)
        {
            Console.WriteLine(
                $"  (the {rejected} answers other than 202 were retried as a vendor would)");
        }
    }

    /// WarmUp webhooks, then rounds of half as many until a round JIT-compiles fewer than 100 methods
    /// (at most 8 rounds); returns how many were pushed.
    private static async Task<int> WarmUpAsync(ChildGateway gateway, LoopbackReceiver receiver)
    {
        var pushed = 0;
        for (var round = 0; round <= 8; round++)
        {
            var before = await JitCountAsync(gateway);
            var ids = await SeedAsync(gateway, round == 0 ? WarmUp : WarmUp / 2);
            await PushAsync(gateway, ids, offeredPerSecond: null);
            await WaitForArrivalsAsync(receiver, ids);
            pushed += ids.Count;
            if (round > 0 && await JitCountAsync(gateway) - before < 100)
            {
                break;
            }
        }

        return pushed;
    }

    private static async Task<long> JitCountAsync(ChildGateway gateway) =>
        await gateway.Client.GetFromJsonAsync<long>("/bench/jit");

    /// All of `ids` delivered, or nothing new arrived for 60 s.
    private static async Task WaitForArrivalsAsync(LoopbackReceiver receiver, IReadOnlyList<string> ids)
    {
        var pending = ids.Select(id => $"instaview_{id}").ToList();
        var lastProgress = DateTime.UtcNow;
        while (pending.Count > 0 && DateTime.UtcNow - lastProgress < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            if (pending.RemoveAll(receiver.InterviewArrivals.ContainsKey) > 0)
            {
                lastProgress = DateTime.UtcNow;
            }
        }
    }

    /// Posts a signed InstaView completion webhook for each id, 32 at a time (or at `offeredPerSecond`), as
    /// the vendor does: an answer other than 202 is retried up to 5 times, a second apart. Returns when each
    /// was posted (Stopwatch ticks, by gateway interview id) and how many were accepted and answered otherwise.
    public static async Task<(ConcurrentDictionary<string, long> Posted, int Accepted, int Rejected)> PushAsync(
        ChildGateway gateway, IReadOnlyList<string> ids, double? offeredPerSecond)
    {
        var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var (accepted, rejected) = (0, 0);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)),
            new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, ct) =>
        {
            if (offeredPerSecond is { } rate)
            {
                var due = started + (long)(item.i / rate * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                @event = "interview.completed",
                timestamp = DateTimeOffset.UtcNow,
                deliveryId = "dlv_" + Guid.NewGuid().ToString("N"),
                data = new { interviewId = item.id, status = "COMPLETED" },
            });
            posted[$"instaview_{item.id}"] = Stopwatch.GetTimestamp();
            // As the vendor does: an answer other than 202 is retried (here up to 5 times, a second apart).
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post,
                    "/v1/vendor-webhooks/instaview") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add(InstaViewWebhookReceiver.TokenHeader, WebhookToken);
                request.Headers.Add(SignatureHeader,
                    Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SignatureSecret), body)));
                using var response = await gateway.Client.SendAsync(request, ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                    return;
                }

                Interlocked.Increment(ref rejected);
                await Task.Delay(1000, ct);
            }
        });
        return (posted, accepted, rejected);
    }

    public static void PrintHeader()
    {
        Console.WriteLine();
        Console.WriteLine($"Each row after at least {WarmUp} pushed completions delivered end to end, until tiered "
            + "compilation settles (warm-up, not counted).");
        Console.WriteLine("| mode | offered | webhooks accepted (202; answers that were not, then retried) "
            + "| accepted/s "
            + "| end-to-end deliveries/s | Redis cmds / webhook | gateway CPU ms / webhook "
            + "| inbound → delivered p50 | p95 | delivered | check |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    }

    private static TimeSpan HarnessCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static double Percentile(double[] sorted, int p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0,
            sorted.Length - 1)];
}
