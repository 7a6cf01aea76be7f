using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;
using Microsoft.Playwright;

namespace InterviewGateway.IntegrationTests.Browser;

/// What the console's browser tests share: the built gateway as a process on a loopback port (a browser
/// needs a real socket), its Redis, a Hindsight simulator, a subscriber, and Debian's Chromium driven by
/// Playwright. Browser downloads do not work here, so the system executable is used or the tests fail.
public sealed class ConsoleHost : IAsyncLifetime
{
    /// Where Debian's `chromium` package puts the browser; IGW_CHROMIUM points elsewhere.
    public static readonly string ChromiumPath =
        Environment.GetEnvironmentVariable("IGW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly RedisServerFixture _redis = new();
    private IPlaywright? _playwright;

    public GatewayProcess Gateway { get; private set; } = null!;

    public StandaloneHindsight Vendor { get; private set; } = null!;

    public TestSubscriber Subscriber { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; the console's browser "
                + "tests need it. Install it with `apt-get install -y chromium` (.ci/run does) or set IGW_CHROMIUM.");
        }

        await _redis.InitializeAsync();
        Vendor = await StandaloneHindsight.StartAsync(requestsPerMinute: 600);
        Subscriber = await TestSubscriber.StartAsync();
        var settings = new Dictionary<string, string>(Vendor.GatewaySettings(requestsPerMinute: 600))
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"igw-console-{Guid.NewGuid():N}:",
            // The other vendors are served by the sandbox, so the Vendors page shows its warning.
            ["Sandbox:Enabled"] = "true",
            // A sandbox respondent's userjourneys interview completes (and its webhook arrives) within a second.
            ["Sandbox:UserJourneys:CompletionDelay"] = "00:00:01",
            // A failed delivery waits an hour for its retry: the tests' Retry click is what sends it again.
            ["Delivery:RetrySchedule:0"] = "01:00:00",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowInsecureUrls"] = "true",
        };
        Gateway = await GatewayProcess.StartAsync(settings);
        _playwright = await Playwright.CreateAsync();
        // Playwright's 5 s default for an expectation is short on a 2-core CI machine where the process tests
        // run beside these (a page once took longer to load its first data); a broken page still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    private int _forgedWebhooks;

    /// A test posts a webhook whose signature does not verify: the gateway warns once for it (event 6101).
    public void ExpectForgedWebhook() => Interlocked.Increment(ref _forgedWebhooks);

    /// Nothing at Warning or above but the warnings this setup asks for: the sandbox outside Development, and
    /// one rejected-webhook warning per forged webhook a test announced.
    public void AssertNoUnexpectedWarnings()
    {
        var output = Gateway.Output;
        var rejected = output.Count(l => l.StartsWith("warn:", StringComparison.Ordinal)
            && l.Contains("InboundWebhooks[6101]", StringComparison.Ordinal));
        var bad = output.Where(l => (l.StartsWith("warn:", StringComparison.Ordinal)
                && !l.Contains("SandboxStartup[7000]", StringComparison.Ordinal)
                && !l.Contains("InboundWebhooks[6101]", StringComparison.Ordinal))
            || l.StartsWith("fail:", StringComparison.Ordinal)
            || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        Assert.True(bad.Count == 0 && rejected <= Volatile.Read(ref _forgedWebhooks),
            "Gateway process logged:\n" + string.Join("\n", output));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Subscriber is not null)
        {
            await Subscriber.DisposeAsync();
        }

        if (Vendor is not null)
        {
            await Vendor.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
