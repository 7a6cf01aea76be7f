using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;
using Xunit.Abstractions;
using static InterviewGateway.IntegrationTests.Infrastructure.Api;

namespace InterviewGateway.IntegrationTests.Cluster;

/// Issue 21: a gateway process on a 3-primary Redis Cluster with a replica each; one primary is SIGKILLed
/// while interviews are created, completed and delivered. Until its replica takes over, requests that need
/// its slots (and, while the cluster is down, any slot) answer 503 problem+json with Retry-After, never 500;
/// then everything resumes, every completion is delivered, and none under a second event.
[LongRunning]
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    // cluster-node-timeout 2 s: the survivors mark the primary failed and promote its replica within seconds.
    private readonly RedisClusterFixture _cluster = RedisClusterFixture.With(3, 1, "--cluster-node-timeout", "2000");
    private StandaloneHindsight _vendor = null!;
    private TestSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _vendor = await StandaloneHindsight.StartAsync(requestsPerMinute: 1200);
        _subscriber = await TestSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _vendor.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_primary_killed_mid_run_answers_503_until_its_replica_takes_over_and_loses_no_completion()
    {
        await using var gateway = await GatewayProcess.StartAsync(Settings());
        using var client = gateway.CreateClient();
        await client.SubscribeAsync(_subscriber);

        var created = new ConcurrentQueue<string>();
        var answers = new ConcurrentQueue<Answer>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = Task.Run(() => CreateCompletedAsync(client, created, answers, clock, stop.Token));

        await WaitForAsync(() => created.Count >= 10, "interviews created before the kill");
        var killedAt = clock.Elapsed;
        await _cluster.KillAsync(0); // created as a primary
        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60)); // its replica was promoted
        var promotedAt = clock.Elapsed;
        // The client learns the new slot map on its next refresh; from then on, every request succeeds.
        await WaitForAsync(() => answers.Any(a => a.At > promotedAt && a.Status == 201), "a create after failover");
        var resumedAt = answers.Where(a => a.At > promotedAt && a.Status == 201).Min(a => a.At);
        await WaitForAsync(() => answers.Count(a => a.At > resumedAt) >= 20, "twenty requests after failover");
        await stop.CancelAsync();
        await load;

        var tally = string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Key} x{g.Count()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"killed at {killedAt.TotalSeconds:F1} s, cluster healthy at {promotedAt.TotalSeconds:F1} s, first " +
            $"create after at {resumedAt.TotalSeconds:F1} s; answers: {tally}"));
        foreach (var a in answers.Where(a => a.At > killedAt - TimeSpan.FromSeconds(1) && a.At < resumedAt))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {a.At.TotalSeconds:F1} s: {a.Status} after {a.Took.TotalMilliseconds:F0} ms"));
        }

        var failed = answers.Where(a => a.Status is not (200 or 201)).ToList();
        Assert.All(failed, a => Assert.True(a.Status == 503 && a.RetryAfter && a.Problem,
            $"{a.Status} at {a.At.TotalSeconds:F1} s (Retry-After {a.RetryAfter}, problem {a.Problem})"));
        Assert.Contains(failed, a => a.At >= killedAt && a.At <= resumedAt); // the failover was seen
        // Promptly: a request for the dead primary's slots waits for one reconnect attempt (connectTimeout).
        Assert.All(failed, a => Assert.True(a.Took < TimeSpan.FromSeconds(5), $"a 503 took {a.Took}"));
        Assert.DoesNotContain(answers, a => a.At > resumedAt && a.Status is not (200 or 201)); // and is over

        // Every interview created (201) completes and reaches the subscriber at least once, as one event.
        bool Delivered(IReadOnlyList<ReceivedDelivery> r, string id) =>
            r.Any(d => d.InterviewId == id && d.Type == "interview.completed" && d.AnsweredStatus == 200);
        await _subscriber.WaitForAsync(r => created.All(id => Delivered(r, id)), TimeSpan.FromSeconds(120));
        await Task.Delay(3000); // a second event would have been fanned out by now
        foreach (var id in created)
        {
            var completed = _subscriber.Received.Where(d => d.InterviewId == id && d.Type == "interview.completed")
                .ToList();
            Assert.Single(completed.Select(d => d.WebhookId).Distinct());
            Assert.All(completed, d => Assert.True(d.SignatureValid));
            using var events = await client.GetAsync($"/v1/events?interview_id={id}&type=interview.completed");
            Assert.Equal(1, (await events.ReadJsonAsync()).GetProperty("data").GetArrayLength());
        }

        // Answered, not failed: no request logged an error, the polling and follow-up loops only warned of
        // the failover (issue 17: an Error only once storage is down past StorageOutage.ErrorAfter), and the
        // process is still ready.
        Assert.DoesNotContain(gateway.Output, l => l.StartsWith("fail: InterviewGateway.Api", StringComparison.Ordinal)
            || l.StartsWith("fail: InterviewGateway.Polling", StringComparison.Ordinal)
            || l.StartsWith("fail: InterviewGateway.Inbound", StringComparison.Ordinal)
            || l.StartsWith("fail: Microsoft.AspNetCore", StringComparison.Ordinal)
            || l.StartsWith("crit:", StringComparison.Ordinal));
        await gateway.WaitReadyAsync();
    }

    private sealed record Answer(TimeSpan At, int Status, bool RetryAfter, bool Problem, TimeSpan Took);

    /// Creates interviews (completing each at the vendor at once) and reads back earlier ones, about ten
    /// requests a second over every slot, until stopped.
    private async Task CreateCompletedAsync(HttpClient client, ConcurrentQueue<string> created,
        ConcurrentQueue<Answer> answers, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sent = clock.Elapsed;
            using (var response = await client.PostAsync("/v1/interviews",
                Infrastructure.Api.Json(CreateBody($"{Guid.NewGuid():N}@example.com")), CancellationToken.None))
            {
                answers.Enqueue(await AnswerAsync(response, clock, sent));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.ReadJsonAsync();
                    _vendor.Simulator.CompleteAt(long.Parse(body.GetProperty("vendor_interview_id").GetString()!,
                        CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddSeconds(-1));
                    created.Enqueue(body.GetProperty("id").GetString()!);
                }
            }

            if (created.ToArray() is { Length: > 0 } ids)
            {
                sent = clock.Elapsed;
                using var read = await client.GetAsync($"/v1/interviews/{ids[Random.Shared.Next(ids.Length)]}",
                    CancellationToken.None);
                answers.Enqueue(await AnswerAsync(read, clock, sent));
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task<Answer> AnswerAsync(HttpResponseMessage response, Stopwatch clock, TimeSpan sent)
    {
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && (await response.Content.ReadAsStringAsync()).Contains("storage-unavailable", StringComparison.Ordinal);
        return new Answer(clock.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter?.Delta > TimeSpan.Zero,
            problem, clock.Elapsed - sent);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private Dictionary<string, string> Settings() => new(_vendor.GatewaySettings(requestsPerMinute: 1200))
    {
        ["ConnectionStrings:Redis"] = _cluster.ConnectionString,
        ["Delivery:RetrySchedule:0"] = "00:00:02",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
        ["Events:OutboxInterval"] = "00:00:01",
        ["Events:OutboxGrace"] = "00:00:02",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:AllowInsecureUrls"] = "true",
    };
}
