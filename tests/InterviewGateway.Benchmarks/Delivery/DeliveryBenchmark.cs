using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.Benchmarks.Delivery;

/// Delivery throughput: N events replayed to a loopback receiver by the gateway (Redis, in-memory, two
/// instances on one Redis) against a raw HttpClient loop that signs and posts the same bodies at the same
/// concurrency, measured in one run. Every run checks the receiver got all N, once each, validly signed.
internal static class DeliveryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = Option(args, "--n", 20_000);
        var concurrency = Option(args, "--concurrency", 64);
        Console.WriteLine($"Delivery benchmark: N = {n:N0} events, "
            + $"max_concurrency = raw-loop concurrency = {concurrency}, "
            + $"{Environment.ProcessorCount} cores (shared with whatever else runs)");
        Console.WriteLine("Reproduce: dotnet run -c Release --project tests/InterviewGateway.Benchmarks -- delivery");
        await using var redis = await BenchRedis.StartAsync();
        await using var receiver = await LoopbackReceiver.StartAsync();

        var raw = await RawLoopAsync(receiver, n, concurrency);
        Print(raw, raw.Rate);
        var results = new List<Result>();
        var modes = args.Contains("--modes") ? args[Array.IndexOf(args, "--modes") + 1].Split(',') : ["redis",
            "memory", "redis2", "inbound", "recover"];
        foreach (var (name, useRedis, instances) in new[] { ("Redis, 1 instance", true, 1), ("in-memory", false, 1),
            ("Redis, 2 instances", true, 2) })
        {
            if (!modes.Contains(useRedis ? instances == 1 ? "redis" : "redis2" : "memory"))
            {
                continue;
            }

            var result = await GatewayRunAsync(name, redis, receiver, n, concurrency, useRedis, instances);
            results.Add(result);
            Print(result, raw.Rate);
        }

        if (results.Count(r => r.Name.StartsWith("Redis", StringComparison.Ordinal)) == 2)
        {
            var ratio = results[^1].Rate / results[0].Rate;
            Console.WriteLine($"two instances / one instance (Redis): {ratio:F2}x "
                + $"on {Environment.ProcessorCount} cores");
        }

        if (modes.Contains("cluster"))
        {
            await ClusterBenchmark.RunAsync(receiver, n, concurrency, raw.Rate, Option(args, "--inbound", 5_000));
        }

        if (modes.Contains("idle"))
        {
            IdleBenchmark.PrintHeader();
            await IdleBenchmark.RunAsync(redis, receiver, Option(args, "--subscriptions", 1_000),
                TimeSpan.FromSeconds(Option(args, "--window", 60)));
        }

        // `inbound` runs all three inbound rows; `inbound-burst` only the Redis burst (for iterating).
        if (modes.Contains("inbound") || modes.Contains("inbound-burst"))
        {
            var inbound = Option(args, "--inbound", 5_000);
            var all = modes.Contains("inbound");
            InboundBenchmark.PrintHeader();
            await InboundBenchmark.RunAsync(redis, receiver, inbound, concurrency, useRedis: true,
                offeredPerSecond: null);
            if (all)
            {
                await InboundBenchmark.RunAsync(redis, receiver, inbound, concurrency, useRedis: false,
                    offeredPerSecond: null);
                await InboundBenchmark.RunAsync(redis, receiver, Math.Min(inbound, 2_000), concurrency,
                    useRedis: true, offeredPerSecond: 200);
            }
        }

        if (modes.Contains("vendor-bound"))
        {
            VendorBoundBenchmark.PrintHeader();
            await VendorBoundBenchmark.RunAsync(redis, receiver, Option(args, "--vendor-bound", 500));
        }

        if (modes.Contains("recover"))
        {
            await RecoverBenchmark.RunAsync(redis, receiver, Option(args, "--recover", 10_000));
        }

        return 0;
    }

    internal sealed record Result(string Name, int N, double Seconds, double Rate, int Received, int Duplicates,
        int Invalid, bool LibraryCheck,
        double? OpsPerDelivery = null, double? KeysPerDelivery = null, double? CpuMsPerDelivery = null);

    internal static void Print(Result r, double rawRate)
    {
        if (r.Name == "raw HttpClient loop")
        {
            Console.WriteLine();
            Console.WriteLine("| mode | deliveries/s | vs raw loop | Redis cmds / delivery | new keys / delivery "
                + "| gateway CPU ms / delivery "
                + "| received | duplicates | bad signatures | check |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        }

        var pass = r.Received == r.N && r.Invalid == 0 && r.LibraryCheck;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Name} | {r.Rate:N0} | {r.Rate / rawRate:F2}x | {F(r.OpsPerDelivery)} | {F(r.KeysPerDelivery)} "
            + $"| {F(r.CpuMsPerDelivery)} "
            + $"| {r.Received:N0} | {r.Duplicates} | {r.Invalid} | {(pass ? "PASS" : "FAIL")} |"));
    }

    private static string F(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";

    /// The baseline: sign and post the same bodies with one pooled HttpClient at the same concurrency.
    private static async Task<Result> RawLoopAsync(LoopbackReceiver receiver, int n, int concurrency)
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        receiver.Secret = secret;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var run = "raw" + Guid.NewGuid().ToString("N")[..6];
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, n),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"evt_{run}_{i:D6}");
            var body = GatewayHost.Body(id, i);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post,
                receiver.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp);
            request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(key,
                Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException("the receiver answered " + response.StatusCode);
            }
        });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Result("raw HttpClient loop", n, seconds, n / seconds, receiver.Count($"evt_{run}_"),
            receiver.Duplicates($"evt_{run}_"),
            receiver.Invalid, LibraryCheck(receiver, secret, $"evt_{run}_"));
    }

    internal static async Task<Result> GatewayRunAsync(string name, IBenchRedis redis, LoopbackReceiver receiver, int n,
        int concurrency,
        bool useRedis, int instances)
    {
        await redis.FlushAsync();
        var invalidBefore = receiver.Invalid;
        var prefix = "bench:";
        var gateways = new List<ChildGateway>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                gateways.Add(await ChildGateway.StartAsync(useRedis ? redis.ConnectionString : null, prefix));
            }

            var (_, secret) = await gateways[0].SubscribeAsync(receiver.Url, concurrency);
            receiver.Secret = secret;
            var run = (useRedis ? "r" : "m") + instances + Guid.NewGuid().ToString("N")[..6];
            var share = n / instances;
            await Task.WhenAll(gateways.Select((g, i) => g.StoreAsync(run, i == instances - 1 ? n - (share * i)
                : share, share * i)));
            await Task.Delay(1000); // settle: startup work and the stores' own writes are not counted
            Dictionary<string, long> commands = useRedis ? await redis.CommandsAsync() : [];
            var keys = useRedis ? await redis.KeysAsync() : 0;
            var cpu = gateways.Sum(g => g.Cpu.TotalMilliseconds);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(gateways.Select(g => g.FanOutAsync(run)));
            // All N, or give up 90 s after 99 % arrived (the tail is then reported as missing, not waited for).
            var deadline = DateTime.UtcNow.AddMinutes(15);
            double? seconds99 = null;
            while (receiver.Count($"evt_{run}_") < n && DateTime.UtcNow < deadline)
            {
                if (seconds99 is null && receiver.Count($"evt_{run}_") >= n * 0.99)
                {
                    seconds99 = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    deadline = DateTime.UtcNow.AddSeconds(90);
                }

                await Task.Delay(10);
            }

            var seconds = Stopwatch.GetElapsedTime(started, receiver.LastArrivalTicks).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: 99 % delivered after {seconds99:F1} s ({0.99 * n / seconds99:N0}/s); "
                + $"all received: {receiver.Count($"evt_{run}_") == n}"));
            await Task.Delay(1000); // the last attempts' bookkeeping
            var cpuMs = (gateways.Sum(g => g.Cpu.TotalMilliseconds) - cpu) / n;
            var commandsAfter = useRedis ? await redis.CommandsAsync() : [];
            double? ops = useRedis ? (commandsAfter.Values.Sum() - commands.Values.Sum()) / (double)n : null;
            if (useRedis)
            {
                var breakdown = BenchRedis.Breakdown(commands, commandsAfter, n);
                Console.WriteLine($"  {name}: Redis commands per delivery: {breakdown}");
            }

            double? newKeys = useRedis ? (await redis.KeysAsync() - keys) / (double)n : null;
            return new Result(name, n, seconds, n / seconds, receiver.Count($"evt_{run}_"),
                receiver.Duplicates($"evt_{run}_"),
                receiver.Invalid - invalidBefore, LibraryCheck(receiver, secret, $"evt_{run}_"), ops, newKeys, cpuMs);
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    /// The receiver's own HMAC check covers every request; this re-checks a sample with the StandardWebhooks package.
    private static bool LibraryCheck(LoopbackReceiver receiver, string secret, string prefix)
    {
        var sample = receiver.Samples.Where(s => s.Id.StartsWith(prefix, StringComparison.Ordinal)).Take(20).ToList();
        return sample.Count > 0 && sample.All(s =>
        {
            var headers = new HeaderDictionary { ["webhook-id"] = s.Id, ["webhook-timestamp"] = s.Timestamp,
                ["webhook-signature"] = s.Signature };
            try
            {
                new StandardWebhook(secret).Verify(s.Body, headers);
                return true;
            }
            catch (WebhookVerificationException)
            {
                return false;
            }
        });
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
