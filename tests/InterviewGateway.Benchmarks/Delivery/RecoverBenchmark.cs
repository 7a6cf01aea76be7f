using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace InterviewGateway.Benchmarks.Delivery;

/// Recover over N stored events the subscription never got (it was disabled while they were fanned out):
/// how long `POST .../recover` takes to answer 202, beside a `GET /v1/subscriptions/{id}` measured in the
/// same run on the same gateway (the baseline: a request that does one store read), then how long the
/// operation takes to complete and whether `enqueued` equals what the receiver got.
internal static class RecoverBenchmark
{
    private const int Samples = 20;

    public static async Task RunAsync(BenchRedis redis, LoopbackReceiver receiver, int n)
    {
        await redis.FlushAsync();
        await using var gateway = await ChildGateway.StartAsync(redis.ConnectionString, "bench:",
            new Dictionary<string, string>
            {
                ["Events__OutboxInterval"] = "00:00:00.200",
                ["Events__OutboxGrace"] = "00:00:00",
            });
        var (id, secret) = await gateway.SubscribeAsync(receiver.Url, 64);
        receiver.Secret = secret;
        await PatchAsync(gateway, id, """{"enabled":false}""");
        var run = "rec" + Guid.NewGuid().ToString("N")[..6];
        await gateway.StoreAsync(run, n, 0);
        var outbox = "bench:events:outbox";
        while (await redis.Connection.GetDatabase().SortedSetLengthAsync(outbox) > 0)
        {
            await Task.Delay(100); // the sweep relays them to a disabled subscription: nothing is queued
        }

        await PatchAsync(gateway, id, """{"enabled":true}""");
        var baseline = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var read = await gateway.Client.GetAsync($"/v1/subscriptions/{id}");
            read.EnsureSuccessStatusCode();
            baseline.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var recoverStarted = Stopwatch.GetTimestamp();
        using var response = await gateway.Client.PostAsync($"/v1/subscriptions/{id}/recover",
            new StringContent($$"""{"since":"{{since}}"}""", Encoding.UTF8, "application/json"));
        var answeredMs = Stopwatch.GetElapsedTime(recoverStarted).TotalMilliseconds;
        var location = response.Headers.Location?.OriginalString;
        var accepted = response.StatusCode == HttpStatusCode.Accepted && location is not null;
        JsonElement operation;
        do
        {
            await Task.Delay(20);
            operation = await gateway.Client.GetFromJsonAsync<JsonElement>(location!);
        }
        while (operation.GetProperty("state").GetString() == "running");

        var completedSeconds = Stopwatch.GetElapsedTime(recoverStarted).TotalSeconds;
        var enqueued = operation.GetProperty("enqueued").GetInt64();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (receiver.Count($"evt_{run}_") < enqueued && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var arrived = receiver.Count($"evt_{run}_");
        var pass = accepted && answeredMs < 100 && enqueued == n && arrived == n
            && receiver.Duplicates($"evt_{run}_") == 0;
        Console.WriteLine();
        Console.WriteLine("| mode | events | recover answered (202) | baseline GET subscription p50 / max "
            + "| operation completed after | state | enqueued | arrived | check: 202 < 100 ms, enqueued = arrived |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---|");
        baseline.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Redis, 1 instance | {n:N0} | {answeredMs:F1} ms | {baseline[Samples / 2]:F1} / {baseline[^1]:F1} ms "
            + $"| {completedSeconds:F2} s | {operation.GetProperty("state").GetString()} | {enqueued:N0} "
            + $"| {arrived:N0} | {(pass ? "PASS" : "FAIL")} |"));
    }

    private static async Task PatchAsync(ChildGateway gateway, string id, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/subscriptions/{id}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
