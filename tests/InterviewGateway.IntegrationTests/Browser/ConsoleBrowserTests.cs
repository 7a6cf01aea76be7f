using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InterviewGateway.IntegrationTests.Browser;

/// The console at /console in a real browser (issue 19): sign-in, every page at laptop and phone widths,
/// a retry click, a recover watched to completion, and no console errors anywhere. With
/// IGW_CONSOLE_SCREENSHOTS=<dir> the page test also writes the screenshots docs/console/ holds.
public sealed partial class ConsoleBrowserTests(ConsoleHost host) : IClassFixture<ConsoleHost>, IAsyncLifetime
{
    private readonly HttpClient _api = host.Gateway.CreateClient();
    private readonly List<string> _subscriptions = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Disabled, not deleted: a delete racing the dispatcher's stream trim logs a NOGROUP warning (a
        // gateway race, reported), which would fail the next test's log check on this shared process.
        foreach (var id in _subscriptions)
        {
            (await _api.PatchAsync($"/v1/subscriptions/{id}", Json("""{"enabled":false}"""))).Dispose();
        }

        _api.Dispose();
        host.AssertNoUnexpectedWarnings();
    }

    [Fact]
    public async Task The_console_is_served_without_a_key_under_a_strict_content_security_policy()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = host.Gateway.BaseAddress,
        };

        using var bare = await anonymous.GetAsync("/console");
        using var index = await anonymous.GetAsync("/console/");
        using var script = await anonymous.GetAsync("/console/app.js");
        using var missing = await anonymous.GetAsync("/console/missing.js");
        using var api = await anonymous.GetAsync("/v1/vendors");

        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await index.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var csp = index.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", index.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode); // the console grants nothing by itself
    }

    [Fact]
    public async Task Sign_in_refuses_a_wrong_key_and_keeps_a_right_one_in_session_storage_only()
    {
        await using var tab = await ConsoleTab.OpenAsync(host);
        var page = tab.Page;

        await tab.SignInAsync("igw_not_a_key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("rejected this API key");
        Assert.Equal(0, await page.EvaluateAsync<int>("sessionStorage.length"));
        tab.ForgetRefusedKeyErrors();

        // Keyboard only: the field is labelled, Enter submits, Tab reaches the navigation.
        await page.GetByLabel("API key").FocusAsync();
        await page.Keyboard.TypeAsync(GatewayProcess.ApiKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(tab.Heading("Vendors")).ToBeVisibleAsync();
        Assert.Equal(GatewayProcess.ApiKey,
            await page.EvaluateAsync<string>("Object.values(Object.fromEntries(Object.entries(sessionStorage)))[0]"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        Assert.DoesNotContain(GatewayProcess.ApiKey, page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Event types" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(tab.Heading("Event types")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("sessionStorage.length"));
        tab.AssertNoProblems();
    }

    public static TheoryData<string> Widths => ["laptop", "phone"];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Every_page_renders_readably_and_without_errors(string width)
    {
        var subscription = await SubscribeAsync($"CRM sync {width}");
        var interview = await CreateCompletedAsync();
        await WaitForAttemptAsync(subscription, "succeeded");
        await using var tab = await ConsoleTab.OpenAsync(host, width == "phone" ? ConsoleTab.Phone : ConsoleTab.Laptop);
        var page = tab.Page;
        await tab.SignInAsync(GatewayProcess.ApiKey);

        await Expect(tab.Heading("Vendors")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Hindsight budget use", Exact = false }))
            .ToBeVisibleAsync();
        await Expect(page.GetByText("Served by the built-in sandbox simulator").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Hindsight: calls per day, last 30 days" }))
            .ToHaveAttributeAsync("aria-label", SomeCallsIn30Days()); // the usage endpoint counted the calls
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Hindsight: this month's use and projection" }))
            .ToHaveAttributeAsync("aria-label", MonthAgainstLimit());
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Hindsight", Exact = false })
            .GetByRole(AriaRole.Table, new() { Name = "Polling tiers", Exact = false })).ToBeVisibleAsync();
        await CaptureAsync(tab, width, "vendors");

        await Navigate(tab, "Subscriptions");
        await page.GetByRole(AriaRole.Link, new() { Name = $"CRM sync {width}" }).ClickAsync();
        await Expect(tab.Heading($"CRM sync {width} enabled")).ToBeVisibleAsync();
        await Expect(page.GetByText("Failure streak")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Delivery attempts", Exact = false })
            .GetByText("interview.completed").First).ToBeVisibleAsync();
        await CaptureAsync(tab, width, "subscription");

        await Navigate(tab, "Interview");
        await page.GetByLabel("Interview id").FillAsync(interview);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();
        await Expect(page.GetByText(interview).First).ToBeVisibleAsync();
        await Expect(page.GetByText("interview.completed").First).ToBeVisibleAsync();
        await CaptureAsync(tab, width, "interview");

        await Navigate(tab, "Inbound webhooks");
        await Expect(page.GetByText("not available on this server")
            .Or(page.GetByRole(AriaRole.Table, new() { Name = "Inbound webhooks", Exact = false }))).ToBeVisibleAsync();
        await CaptureAsync(tab, width, "inbound");

        await Navigate(tab, "Event types");
        var completed = page.GetByRole(AriaRole.Region, new() { Name = "interview.completed" });
        await completed.GetByText("Example (thin subscription)").ClickAsync();
        await Expect(completed.Locator("details[open] pre")).ToContainTextAsync("\"type\": \"interview.completed\"");
        await CaptureAsync(tab, width, "event-types");
        tab.AssertNoProblems();
    }

    [Fact]
    public async Task A_failed_delivery_is_sent_again_by_its_retry_button()
    {
        var subscription = await SubscribeAsync("Retry check");
        host.Subscriber.Answer(500);
        var interview = await CreateCompletedAsync();
        var failed = await WaitForAttemptAsync(subscription, "pending");
        await using var tab = await ConsoleTab.OpenAsync(host);
        await tab.SignInAsync(GatewayProcess.ApiKey);
        await tab.Page.GotoAsync($"/console/#/subscriptions/{subscription}");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = $"Retry interview.completed {failed}" }).First
            .ClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Retried" }))
            .ToContainTextAsync("succeeded (200)");
        await Expect(tab.Page.GetByRole(AriaRole.Table, new() { Name = "Delivery attempts", Exact = false })
            .GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("succeeded 200");
        var sent = host.Subscriber.Received.Where(d => d.InterviewId == interview).Select(d => d.AnsweredStatus);
        Assert.Equal([500, 200], sent);
        tab.AssertNoProblems();
    }

    [Fact]
    public async Task A_recover_is_watched_to_completion_and_queues_what_the_subscriber_missed()
    {
        var subscription = await SubscribeAsync("Recover check");
        using (await _api.PatchAsync($"/v1/subscriptions/{subscription}", Json("""{"enabled":false}"""))) { }
        var interview = await CreateCompletedAsync(); // its event is recorded while the subscription is off
        await using var tab = await ConsoleTab.OpenAsync(host);
        await tab.SignInAsync(GatewayProcess.ApiKey);
        await tab.Page.GotoAsync($"/console/#/subscriptions/{subscription}");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync();
        await Expect(tab.Heading("Recover check enabled")).ToBeVisibleAsync();

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Recover" }).ClickAsync();

        var done = tab.Page.Locator("#recover-status [data-state='completed']");
        await Expect(done).ToContainTextAsync("1 events enqueued");
        await host.Subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == interview && d.AnsweredStatus == 200));
        tab.AssertNoProblems();
    }

    [GeneratedRegex(@": [1-9]\d* calls in 30 buckets")]
    private static partial Regex SomeCallsIn30Days();

    [GeneratedRegex(@": [1-9]\d* used so far, [1-9]\d* projected by the end of the month, limit 10000$")]
    private static partial Regex MonthAgainstLimit();

    private static Task Navigate(ConsoleTab tab, string name) =>
        tab.Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync()
            .ContinueWith(_ => Expect(tab.Heading(name)).ToBeVisibleAsync()).Unwrap();

    /// Checks that the page fits its width (no sideways scrolling on a phone) and, when asked, saves it.
    private static async Task CaptureAsync(ConsoleTab tab, string width, string name)
    {
        var overflow = await tab.Page.EvaluateAsync<int>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name} at {width} width scrolls sideways by {overflow} px");
        if (Environment.GetEnvironmentVariable("IGW_CONSOLE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"{name}-{width}.png");
            await tab.Page.ScreenshotAsync(new() { Path = file, FullPage = true });
        }
    }

    private async Task<string> SubscribeAsync(string description)
    {
        var id = await _api.SubscribeAsync(host.Subscriber, $"\"description\":\"{description}\"");
        _subscriptions.Add(id);
        return id;
    }

    private async Task<string> CreateCompletedAsync()
    {
        var created = await _api.CreateInterviewAsync();
        host.Vendor.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddSeconds(-1));
        var id = created.GetProperty("id").GetString()!;
        (await _api.GetAsync($"/v1/interviews/{id}?refresh=true")).Dispose();
        return id;
    }

    /// The event id of the first attempt with that status once the gateway has recorded it.
    private async Task<string> WaitForAttemptAsync(string subscription, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await _api.GetOkAsync($"/v1/subscriptions/{subscription}/deliveries?status={status}");
            if (page.GetProperty("data").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } a)
            {
                return a.GetProperty("event_id").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {status} attempt was recorded");
            await Task.Delay(100);
        }
    }

    private static StringContent Json(string json) =>
        new(json, System.Text.Encoding.UTF8, "application/merge-patch+json");
}
