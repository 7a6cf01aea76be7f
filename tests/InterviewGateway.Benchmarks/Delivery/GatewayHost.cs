using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Globalization;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Vendors.InstaView.Simulator;

namespace InterviewGateway.Benchmarks.Delivery;

/// The gateway as the benchmark runs it: the production composition (`AddGateway` / `UseGateway`) in a
/// child process of its own, so its CPU time is measured apart from the receiver's, plus two benchmark
/// endpoints that store events and fan them out through the production `SubscriptionFanOut`.
internal static class GatewayHost
{
    private static readonly ConcurrentDictionary<string, List<GatewayEvent>> Runs = new(StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddGateway();
        var app = builder.Build();
        app.UseGateway();
        app.MapPost("/bench/store", StoreAsync).AllowAnonymous();
        app.MapPost("/bench/fanout", FanOutAsync).AllowAnonymous();
        // How many methods the JIT has compiled: the warm-up runs until tiering has settled.
        app.MapGet("/bench/jit", () => Results.Ok(System.Runtime.JitInfo.GetCompiledMethodCount()))
            .AllowAnonymous();
        // Completed interviews in the InstaView simulator, for the inbound-webhook scenario.
        app.MapPost("/bench/instaview-seed", (int n, string? status, InstaViewSimulator simulator) =>
            Results.Ok(Enumerable.Range(0, n).Select(_ =>
                simulator.Seed(status: status ?? "COMPLETED")).ToList())).AllowAnonymous();
        // What the simulated vendor saw: requests, 429s, the most in any minute (the vendor-bound scenario).
        // Gaps and span count from request `from` on (the ones before it were the scenario's setup).
        app.MapGet("/bench/instaview-requests", (int? from, InstaViewSimulator simulator) =>
        {
            var requests = simulator.Requests.Snapshot();
            var times = requests.Skip(from ?? 0).Where(r => r.Status != 429).Select(r => r.At).Order().ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => (int)(b - a).TotalMilliseconds).Order().ToList();
            int Gap(double q) => gaps.Count == 0 ? 0 : gaps[Math.Min(gaps.Count - 1, (int)(q * gaps.Count))];
            return Results.Ok(new Dictionary<string, int>
            {
                ["gap_p10_ms"] = Gap(0.1),
                ["gap_p50_ms"] = Gap(0.5),
                ["gap_p90_ms"] = Gap(0.9),
                ["gap_max_ms"] = gaps.Count == 0 ? 0 : gaps[^1],
                ["span_ms"] = times.Count == 0 ? 0 : (int)(times[^1] - times[0]).TotalMilliseconds,
                ["total"] = requests.Count,
                ["rate_limited"] = requests.Count(r => r.Status == 429),
                ["max_in_any_minute"] = simulator.Requests.MaxInAnyWindow(TimeSpan.FromMinutes(1)),
            });
        }).AllowAnonymous();
        await app.RunAsync();
        return 0;
    }

    /// Stores `n` completion events with ids `evt_{run}_{offset + i}` (bodies of about 1 KB, like a thin event).
    private static async Task<IResult> StoreAsync(string run, int n, int offset, IEventStore events)
    {
        var stored = new List<GatewayEvent>(n);
        await Parallel.ForEachAsync(Enumerable.Range(offset, n), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, ct) =>
        {
            var e = Event(run, i);
            await events.TryAppendAsync(e, ct);
            lock (stored)
            {
                stored.Add(e);
            }
        });
        Runs[run] = stored;
        return Results.Ok(stored.Count);
    }

    /// Fans the run's events out, 32 at a time, as detection does after storing each. A fan-out that throws
    /// (a Redis timeout under load) is tried again, as the minutely sweep would; the count is reported.
    private static async Task<IResult> FanOutAsync(string run, SubscriptionFanOut fanOut)
    {
        var failures = 0;
        await Parallel.ForEachAsync(Runs[run], new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (e, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await fanOut.FanOutAsync(e, ct);
                    return;
                }
                catch (Exception ex) when (attempt < 10)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        Console.Error.WriteLine(
                            "fan-out failed, trying again: " + ex.GetType().Name + ": " + ex.Message);
                    }
                }
            }
        });
        return Results.Ok(failures);
    }

    public static GatewayEvent Event(string run, int i)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"evt_{run}_{i:D6}");
        // An event is stored beside its interview, on one slot (issue 21). Real event ids carry the interview's
        // routing code; these keep the run prefix the receiver counts by, so the interview id is picked to
        // fall in the event's partition instead (the default Redis:Partitions, as the child gateways run).
        var interviewId = Enumerable.Range(0, int.MaxValue)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"hindsight_{run}_{i}_{j}"))
            .First(candidate => Layout.PartitionOf(candidate) == Layout.PartitionOfEvent(id));
        return new GatewayEvent(id, "interview.completed", interviewId, "hindsight", DateTimeOffset.UtcNow,
            2, Body(id, i))
        {
            StoredAt = DateTimeOffset.UtcNow,
        };
    }

    private static readonly InterviewGateway.Infrastructure.Redis.RedisKeys Layout = new("");

    public static string Body(string id, int i) =>
        BodyTemplate.Replace("@ID", id, StringComparison.Ordinal).Replace("@N",
            i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string BodyTemplate = """
        {"id":"@ID","type":"interview.completed","timestamp":"2026-11-27T04:00:00Z",
        "schema_version":"2026-11-01","sequence":2,
        "data":{"interview":{"id":"hindsight_@N","vendor":"hindsight","vendor_interview_id":"@N","status":"completed",
        "previous_status":"in_progress","vendor_status":"completed",
        "participant":{"name":"Jane Doe","email":"jane@example.com",
        "phone":null,"external_id":"crm-@N","vendor_participant_id":"contact_@N"},
        "objective":"Why did we lose the Acme deal?","context":{"deal":"Acme","stage":"lost"},
        "interview_url":"https://app.usehindsight.com/survey?token=tok_@N","is_test":false,
        "created_at":"2026-11-27T03:00:00Z","started_at":null,"completed_at":"2026-11-27T04:00:00Z",
        "duration_seconds":null,
        "summary":null,"tracking":{"mode":"poll","state":"done"},"metadata":{"crm_id":"0061234"}},"detected_by":"poll"}}
        """;
}
