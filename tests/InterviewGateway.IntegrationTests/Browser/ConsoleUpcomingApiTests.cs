using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InterviewGateway.IntegrationTests.Browser;

/// The console's pages for APIs this branch does not serve yet (issue 19: the timeline, the inbound
/// webhook log with replay, recover as an operation), driven against those APIs' agreed shapes by
/// answering their routes in the browser. Everything else is the real gateway. Once the APIs are merged,
/// the routes below can go and the same assertions run against the server.
public sealed partial class ConsoleUpcomingApiTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    [Fact]
    public async Task The_timeline_inbound_log_and_a_recover_operation_are_shown_when_the_server_has_them()
    {
        await using var tab = await ConsoleTab.OpenAsync(host);
        var page = tab.Page;
        var calls = new ConcurrentQueue<(string Method, string Url, string? Authorization)>();
        await AnswerUpcomingRoutesAsync(page, calls);
        await tab.SignInAsync(GatewayProcess.ApiKey);
        using var api = host.Gateway.CreateClient();
        var interview = (await api.CreateInterviewAsync()).GetProperty("id").GetString()!;

        await page.GotoAsync($"/console/#/interview/{interview}");
        var timeline = page.GetByRole(AriaRole.List);
        await Expect(timeline.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(timeline.GetByRole(AriaRole.Listitem).Nth(1)).ToContainTextAsync("vendor_call");
        await Expect(timeline.GetByRole(AriaRole.Listitem).Nth(1)).ToContainTextAsync("status code 200");
        await Expect(timeline).ToContainTextAsync("trace 4bf92f3577b34da6a3ce929d0e0e4736");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Inbound webhooks" })
            .ClickAsync();
        await page.GetByLabel("Outcome").SelectOptionAsync("rejected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("bad_signature")).ToBeVisibleAsync();
        Assert.Contains(calls, c => c.Url.Contains("/v1/vendor-webhooks?outcome=rejected", StringComparison.Ordinal));
        await page.GetByLabel("Outcome").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay webhook whk_accepted" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Replay" }))
            .ToContainTextAsync("Replay of whk_accepted queued");

        var subscription = await api.SubscribeAsync(host.Subscriber, "\"description\":\"Operation check\"");
        await page.GotoAsync($"/console/#/subscriptions/{subscription}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recover" }).ClickAsync();
        await Expect(page.Locator("#recover-status [data-state='running']")).ToContainTextAsync("scanned");
        await Expect(page.Locator("#recover-status [data-state='completed']"))
            .ToContainTextAsync("Completed: 10,000 events scanned, 2 enqueued.");

        Assert.All(calls, c => Assert.Equal($"Bearer {GatewayProcess.ApiKey}", c.Authorization));
        Assert.Contains(calls, c => c is { Method: "POST" } && c.Url.EndsWith("/replay", StringComparison.Ordinal));
        Assert.True(calls.Count(c => c.Url.EndsWith("/v1/operations/op_1", StringComparison.Ordinal)) >= 3,
            "the recover form polled its operation until it ended");
        using var off = new StringContent("""{"enabled":false}""", System.Text.Encoding.UTF8,
            "application/merge-patch+json");
        (await api.PatchAsync($"/v1/subscriptions/{subscription}", off)).Dispose(); // see ConsoleBrowserTests
        (await api.DeleteAsync($"/v1/interviews/{interview}")).Dispose();
        tab.AssertNoProblems();
        host.AssertNoUnexpectedWarnings();
    }

    /// The API description gains the three routes; the routes answer as their APIs are specified.
    private static async Task AnswerUpcomingRoutesAsync(
        IPage page, ConcurrentQueue<(string Method, string Url, string? Authorization)> calls)
    {
        await page.RouteAsync("**/openapi/v1.json", async route =>
        {
            var response = await route.FetchAsync();
            var document = JsonNode.Parse(await response.TextAsync())!;
            document["paths"]!["/v1/interviews/{id}/timeline"] = new JsonObject { ["get"] = new JsonObject() };
            document["paths"]!["/v1/vendor-webhooks"] = new JsonObject { ["get"] = new JsonObject() };
            await route.FulfillAsync(new() { Response = response, Body = document.ToJsonString() });
        });
        var polls = 0;
        await page.RouteAsync(Upcoming(), async route =>
        {
            var request = route.Request;
            calls.Enqueue((request.Method, request.Url, await request.HeaderValueAsync("authorization")));
            var path = new Uri(request.Url).AbsolutePath;
            var (status, body, location) = path switch
            {
                _ when path.EndsWith("/timeline", StringComparison.Ordinal) => (200, Timeline, null),
                _ when path.EndsWith("/replay", StringComparison.Ordinal) => (202, "{}", null),
                "/v1/vendor-webhooks" => (200, WebhookLog, null),
                _ when path.EndsWith("/recover", StringComparison.Ordinal) =>
                    (202, Operation("running", 0, 0), "/v1/operations/op_1"),
                _ => (200, ++polls < 3 ? Operation("running", polls * 4_000, polls)
                    : Operation("completed", 10_000, 2), (string?)null),
            };
            await route.FulfillAsync(new()
            {
                Status = status, ContentType = "application/json", Body = body,
                Headers = location is null ? null : new Dictionary<string, string> { ["Location"] = location },
            });
        });
    }

    [GeneratedRegex(@"/v1/(interviews/[^/]+/timeline|vendor-webhooks(/[^/]+/replay)?"
        + @"|subscriptions/[^/]+/recover|operations/[^/]+)(\?.*)?$")]
    private static partial Regex Upcoming();

    private static string Operation(string state, int scanned, int enqueued) =>
        $$"""{"id":"op_1","state":"{{state}}","scanned":{{scanned}},"enqueued":{{enqueued}}}""";

    private const string Timeline = """
        {"data":[
          {"at":"2026-11-03T14:30:00Z","kind":"webhook_received","outcome":"accepted",
           "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},
          {"at":"2026-11-03T14:30:01Z","kind":"vendor_call","status_code":200,"duration_ms":84,
           "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}
        ],"next_cursor":null}
        """;

    private const string WebhookLog = """
        {"data":[
          {"id":"whk_accepted","received_at":"2026-11-03T14:30:00Z","vendor":"instaview","outcome":"accepted",
           "reason":null,"size_bytes":812,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},
          {"id":"whk_rejected","received_at":"2026-11-03T14:31:00Z","vendor":"instaview","outcome":"rejected",
           "reason":"bad_signature","size_bytes":640,"trace_id":null}
        ],"next_cursor":null}
        """;
}
