using System.Diagnostics;
using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace InterviewGateway.IntegrationTests.Processes;

/// Signed InstaView completion webhooks posted at a gateway process 32 at a time, with Redis: every one
/// is answered 202 (never 500), no Redis call times out, and every completion reaches the subscriber.
/// The suite sends 300; `IGW_LOAD_WEBHOOKS=5000` runs the full load by hand.
public sealed class InboundWebhookLoadTests(RedisServerFixture redis, ITestOutputHelper output)
    : IClassFixture<RedisServerFixture>
{
    private const int Concurrency = 32;

    [Fact]
    public async Task Every_inbound_completion_webhook_is_accepted_and_delivered_without_a_500_or_a_Redis_timeout()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("IGW_LOAD_WEBHOOKS"), out var n) ? n : 300;
        var prefix = $"igw-load-{Guid.NewGuid():N}:";
        await using var vendor = await StandaloneInstaView.StartAsync();
        await using var subscriber = await TestSubscriber.StartAsync();
        var settings = new Dictionary<string, string>(vendor.GatewaySettings)
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowInsecureUrls"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var gateway = await GatewayProcess.StartAsync(settings);
        using var client = gateway.CreateClient();
        await client.SubscribeAsync(subscriber, "\"event_types\":[\"interview.completed\"]");

        var ids = Enumerable.Range(0, count).Select(_ => vendor.Simulator.Seed(status: "COMPLETED")).ToList();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},allowAdmin=true");
        var server = admin.GetServers()[0];
        var callsBefore = TotalCalls(await server.InfoAsync("commandstats"));
        var keysBefore = await server.DatabaseSizeAsync();
        var clock = Stopwatch.StartNew();
        var statuses = await vendor.SendWebhooksAsync(gateway, ids, Concurrency);
        var answered = clock.Elapsed;

        var answers = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"));
        output.WriteLine(FormattableString.Invariant(
            $"{count} webhooks answered in {answered.TotalSeconds:F1} s: {answers}"));
        await subscriber.WaitForAsync(r => r.Select(d => d.WebhookId).Distinct().Count() >= count,
            TimeSpan.FromSeconds(60 + (count / 20)));
        var delivered = clock.Elapsed;
        // Every delivery's state and attempt are written (and nothing else runs) before Redis is measured.
        await new RedisIdleProbe(redis.Connection, prefix).WaitUntilIdleAsync();
        var calls = TotalCalls(await server.InfoAsync("commandstats")) - callsBefore;
        var keys = await server.DatabaseSizeAsync() - keysBefore;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} webhooks at {Concurrency} concurrent, all delivered in {delivered.TotalSeconds:F1} s; " +
            $"Redis calls per delivery {(double)calls / count:F1}, keys per delivery {(double)keys / count:F1}"));
        Assert.All(statuses, s => Assert.Equal(202, s));

        var perInterview = subscriber.Received.GroupBy(d => d.InterviewId).ToList();
        Assert.Equal(ids.Select(id => "instaview_" + id).Order(), perInterview.Select(g => g.Key).Order());
        Assert.All(perInterview, g => Assert.Single(g.Select(d => d.WebhookId).Distinct()));
        Assert.DoesNotContain(gateway.Output, l => l.Contains("RedisTimeoutException", StringComparison.Ordinal));
        gateway.AssertNoWarningsOrErrors();
    }

    private static long TotalCalls(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        info.SelectMany(g => g).Sum(kv => long.Parse(kv.Value.Split(',')[0].Split('=')[1],
            CultureInfo.InvariantCulture));
}
