using System.Globalization;

namespace InterviewGateway.Benchmarks.Delivery;

/// Idle cost (issue 20): two gateway instances on one Redis with N subscriptions and no traffic. Counts
/// the Redis commands both issue over a window (INFO commandstats, without the benchmark's own INFO)
/// and reports commands a second per instance, with the largest contributors.
internal static class IdleBenchmark
{
    public static async Task RunAsync(BenchRedis redis, LoopbackReceiver receiver, int subscriptions,
        TimeSpan window)
    {
        await redis.FlushAsync();
        await using var first = await ChildGateway.StartAsync(redis.ConnectionString, "bench:");
        await using var second = await ChildGateway.StartAsync(redis.ConnectionString, "bench:");
        await Parallel.ForEachAsync(Enumerable.Range(0, subscriptions),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, _) => await first.SubscribeAsync(receiver.Url, 4));
        // Both instances see every subscription and settle (one full read each) before the window starts.
        await Task.Delay(TimeSpan.FromSeconds(40));
        var before = await redis.CommandsAsync();
        await Task.Delay(window);
        var after = await redis.CommandsAsync();
        var total = after.Sum(a => a.Value - before.GetValueOrDefault(a.Key));
        var perInstance = total / window.TotalSeconds / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {subscriptions:N0} | 2 | {window.TotalSeconds:F0} s | {perInstance:F1} "
            + $"| {(perInstance <= 50 ? "PASS" : "FAIL")} (<= 50) |"));
        Console.WriteLine("  per second, both instances: "
            + BenchRedis.Breakdown(before, after, (int)window.TotalSeconds));
    }

    public static void PrintHeader()
    {
        Console.WriteLine();
        Console.WriteLine("| subscriptions | instances | window | Redis commands/s per instance | check |");
        Console.WriteLine("|---:|---:|---:|---:|---|");
    }
}
