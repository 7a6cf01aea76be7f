using System.Diagnostics;
using System.Globalization;
using System.Net;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// Two gateway processes on one redis-server whose clocks really differ (issue 17, acceptance 3): `Fast`
/// runs under libfaketime 5 s ahead of the host, `Exact` on the host's clock, as NTP drift leaves two hosts.
/// Both poll one simulated Hindsight every second under a small shared budget (40 a minute). Shared by
/// the tests below; each uses its own subscribers and interviews.
public sealed class SkewedGateways : IAsyncLifetime
{
    public const int Skew = 5;
    public const int PerMinute = 40;

    public RedisServerFixture Redis { get; } = new();

    public string Prefix { get; } = $"igw-skew-{Guid.NewGuid():N}:";

    public StandaloneHindsight Vendor { get; private set; } = null!;

    public GatewayProcess Fast { get; private set; } = null!;

    public GatewayProcess Exact { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var faketime = FakeTime.Ahead(Skew); // first: without libfaketime the test fails here, saying how to get it
        await Redis.InitializeAsync();
        // The vendor allows twice the gateway's budget, so a budget that overspends shows as a count, not 429s.
        Vendor = await StandaloneHindsight.StartAsync(requestsPerMinute: 2 * PerMinute);
        var fast = Settings();
        foreach (var (key, value) in faketime)
        {
            fast[key] = value;
        }

        Fast = await GatewayProcess.StartAsync(fast);
        Exact = await GatewayProcess.StartAsync(Settings());
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in new[] { Fast, Exact }.Where(g => g is not null))
        {
            await gateway.DisposeAsync();
        }

        if (Vendor is not null)
        {
            await Vendor.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    private Dictionary<string, string> Settings() => new(Vendor.GatewaySettings(PerMinute))
    {
        ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        ["Redis:KeyPrefix"] = Prefix,
        ["Vendors:Hindsight:RequestsPerMonth"] = "0", // the minute window alone, so polls saturate it
        ["Events:OutboxInterval"] = "00:00:01",
        ["Events:OutboxGrace"] = "00:00:02",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:AllowInsecureUrls"] = "true",
    };
}

/// A subscription created on the fast instance receives a completion the other stores a moment later, by
/// each of the three ways a stored event reaches subscriptions; callers on either instance are answered at
/// once while polls from both saturate the budget. Each delivery test fails when a subscription's
/// `CreatedAt` comes from the instance clock (5 s ahead of the completion's `StoredAt`), the budget test when
/// the budget script takes `now` from the calling instance.
[LongRunning]
public sealed class ClockSkewProcessTests(SkewedGateways gateways) : IClassFixture<SkewedGateways>, IAsyncLifetime
{
    private readonly List<TestSubscriber> _subscribers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_relay_sends_a_completion_stored_next_on_the_exact_instance_to_a_subscription_of_the_fast_one()
    {
        using var fast = gateways.Fast.CreateClient();
        using var exact = gateways.Exact.CreateClient();
        var (id, vendorId) = await CreateAsync(exact);
        var subscriber = await StartSubscriberAsync();

        var subscribedAt = await SubscribeAsync(fast, subscriber);
        gateways.Vendor.Simulator.CompleteAt(vendorId, DateTimeOffset.UtcNow.AddSeconds(-1));
        // Stored and relayed by this refresh (or by a poll, on either instance, a moment before it).
        var refreshed = await exact.GetOkAsync($"/v1/interviews/{id}?refresh=true");
        Assert.Equal("completed", refreshed.GetProperty("status").GetString());
        AssertWithinSkew(subscribedAt);

        await subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        AssertNoWarnings();
    }

    [Fact]
    public async Task The_outbox_sweep_sends_a_completion_whose_instance_died_before_relaying_it()
    {
        using var fast = gateways.Fast.CreateClient();
        using var exact = gateways.Exact.CreateClient();
        var (id, vendorId) = await CreateAsync(exact);
        var subscriber = await StartSubscriberAsync();

        var subscribedAt = await SubscribeAsync(fast, subscriber);
        await CommitCompletionWithoutRelayAsync(id);
        AssertWithinSkew(subscribedAt);
        gateways.Vendor.Simulator.CompleteAt(vendorId, DateTimeOffset.UtcNow.AddSeconds(-1));

        // Only the sweep (on whichever instance holds its lease) can send it: nothing relayed it.
        await subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        AssertNoWarnings();
    }

    [Fact]
    public async Task Recover_on_the_fast_instance_sends_a_completion_stored_while_the_subscription_was_disabled()
    {
        using var fast = gateways.Fast.CreateClient();
        using var exact = gateways.Exact.CreateClient();
        var (id, vendorId) = await CreateAsync(exact);
        var subscriber = await StartSubscriberAsync();

        var subscribedAt = await SubscribeAsync(fast, subscriber, disabled: true);
        gateways.Vendor.Simulator.CompleteAt(vendorId, DateTimeOffset.UtcNow.AddSeconds(-1));
        await exact.GetOkAsync($"/v1/interviews/{id}?refresh=true"); // relayed to enabled subscriptions only
        AssertWithinSkew(subscribedAt);
        await fast.PatchOkAsync($"/v1/subscriptions/{subscriber.Subscription}", """{"enabled":true}""");
        var since = subscribedAt.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        var operation = await fast.RecoverAsync(subscriber.Subscription, since);
        Assert.Equal("completed", operation.GetProperty("state").GetString());

        await subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        AssertNoWarnings();
    }

    [Fact]
    public async Task Callers_on_both_instances_are_answered_at_once_while_polls_from_both_saturate_the_budget()
    {
        using var fast = gateways.Fast.CreateClient();
        using var exact = gateways.Exact.CreateClient();
        // Never complete, each due every second on both instances: ~4 polls wanted a second, 2/3 allowed.
        var polled = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            polled.Add((await CreateAsync(i % 2 == 0 ? fast : exact)).Id);
        }

        var window = TimeSpan.FromMinutes(1) / (SkewedGateways.PerMinute - 2 + 1); // one interval (burst 2)
        await Task.Delay(window * 4); // polls now take every token they may
        var start = DateTimeOffset.UtcNow;
        var answers = new List<(string Instance, HttpStatusCode Status, TimeSpan Took)>();
        for (var i = 0; i < 6; i++)
        {
            // At half the sustained rate: a caller takes the token polls leave, the next one is back by then.
            var (name, client) = i % 2 == 0 ? ("fast", fast) : ("exact", exact);
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync($"/v1/interviews/{polled[i % polled.Count]}?refresh=true");
            answers.Add((name, response.StatusCode, clock.Elapsed));
            await Task.Delay(window * 2.5);
        }

        var during = gateways.Vendor.Simulator.Requests.Snapshot().Where(r => r.At >= start).ToList();
        var report = string.Join(", ",
                answers.Select(a => $"{a.Instance} {(int)a.Status} {a.Took.TotalSeconds:0.000}s"))
            + $"; {during.Count} vendor requests in {(DateTimeOffset.UtcNow - start).TotalSeconds:0.0}s";
        // Without waiting for a token: a caller behind the budget waits up to an interval (1.5 s), and with the
        // budget on the calling instance's clock the fast one's polls push the window 5 s past the other's
        // now (past MaxWait: 503). 1 s, not less: refreshes took up to 0.66 s with no wait on the loaded
        // 2-core machine (a Hindsight read and two Redis commits, on processes sharing it with six builds).
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK && a.Took < TimeSpan.FromSeconds(1),
            "every refresh answered 200 without waiting for a token: " + report));
        // Saturated: the vendor saw most of the sustained rate (the poll loops lag on a loaded machine); and
        // the shared budget held across both clocks (less arrival jitter; one more comes a whole interval late).
        var elapsed = DateTimeOffset.UtcNow - start;
        Assert.True(during.Count >= 0.6 * elapsed.TotalSeconds / window.TotalSeconds, "polls saturate: " + report);
        var skew = TimeSpan.FromSeconds(0.5);
        Assert.True(gateways.Vendor.Simulator.Requests.MaxInAnyWindow(TimeSpan.FromMinutes(1) - skew)
            <= SkewedGateways.PerMinute, "the shared budget held: " + report);
        Assert.DoesNotContain(gateways.Vendor.Simulator.Requests.Snapshot(), r => r.Status == 429);
        AssertNoWarnings();
    }

    /// The precondition of every delivery test: the completion was stored well within the 5 s skew of the
    /// subscription's creation (host clock = Redis's clock, one machine), else comparing the fast instance's
    /// clock with the other's could not have lost it and the test would prove nothing.
    private static void AssertWithinSkew(DateTimeOffset subscribedAt)
    {
        var gap = DateTimeOffset.UtcNow - subscribedAt;
        Assert.True(gap < TimeSpan.FromSeconds(SkewedGateways.Skew - 1),
            $"the completion was stored {gap.TotalSeconds:0.0}s after the subscription: too late to prove anything");
    }

    /// Stores the completion as an instance that died right after its commit would have left it: through the
    /// production Redis store, stamped by Redis's clock as every instance stamps it, in the outbox, never relayed.
    private async Task CommitCompletionWithoutRelayAsync(string id)
    {
        var connection = gateways.Redis.Connection;
        var store = new RedisInterviewStore(connection, new RedisKeys(gateways.Prefix), new RetentionOptions(),
            TimeProvider.System);
        var clock = new RedisSharedClock(connection, new RedisKeys(gateways.Prefix));
        for (var attempt = 0; attempt < 10; attempt++) // a poll may store a new version meanwhile
        {
            var current = (await store.GetAsync(id, CancellationToken.None))!;
            var now = await clock.GetUtcNowAsync(CancellationToken.None);
            var completed = current with
            {
                Status = InterviewStatus.Completed, PreviousStatus = current.Status, CompletedAt = now, UpdatedAt = now,
                Version = InterviewSequence.Next(current.Version, now),
            };
            var events = EventComposer.Compose(current, completed, DetectedBy.Poll, now);
            if (await store.TryReplaceAsync(completed, current.Version, events, CancellationToken.None) is { } stored)
            {
                Assert.Contains(stored, e => e.Type == "interview.completed");
                return;
            }
        }

        Assert.Fail("the completion could not be committed");
    }

    private static async Task<(string Id, long VendorId)> CreateAsync(HttpClient client)
    {
        var created = await client.CreateInterviewAsync();
        return (created.GetProperty("id").GetString()!,
            long.Parse(created.GetProperty("vendor_interview_id").GetString()!, CultureInfo.InvariantCulture));
    }

    private async Task<SkewSubscriber> StartSubscriberAsync()
    {
        var subscriber = await TestSubscriber.StartAsync();
        _subscribers.Add(subscriber);
        return new SkewSubscriber(subscriber);
    }

    /// Creates the subscription on `client`; returns the host's time just before the request.
    private static async Task<DateTimeOffset> SubscribeAsync(HttpClient client, SkewSubscriber subscriber,
        bool disabled = false)
    {
        var before = DateTimeOffset.UtcNow;
        subscriber.Subscription = await client.SubscribeAsync(subscriber.Receiver);
        if (disabled)
        {
            await client.PatchOkAsync($"/v1/subscriptions/{subscriber.Subscription}", """{"enabled":false}""");
        }

        return before;
    }

    private void AssertNoWarnings()
    {
        gateways.Fast.AssertNoWarningsOrErrors();
        gateways.Exact.AssertNoWarningsOrErrors();
    }

    private sealed class SkewSubscriber(TestSubscriber receiver)
    {
        public TestSubscriber Receiver { get; } = receiver;

        public string Subscription { get; set; } = "";

        public Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(
            Func<IReadOnlyList<ReceivedDelivery>, bool> condition) =>
            Receiver.WaitForAsync(condition, TimeSpan.FromSeconds(20));
    }
}
