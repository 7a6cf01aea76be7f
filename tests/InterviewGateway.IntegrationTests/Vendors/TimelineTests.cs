using System.Net;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;

// Not `.Vendors`: that namespace would shadow `Vendors.VendorOptions` as other test files spell it.
namespace InterviewGateway.IntegrationTests;

/// Issue 19's acceptance: an interview's timeline lists, in order and in one trace, the inbound webhook,
/// the vendor call, the stored change, the event and every delivery attempt of its completion.
[Collection(GatewayCollection.Name)]
public sealed class TimelineTests(GatewayFactory factory) : GatewayTest(factory)
{
    private const string InstaViewOnly = "\"event_types\":[\"interview.completed\"],\"vendors\":[\"instaview\"]";

    [Fact]
    public async Task A_webhook_completion_delivered_to_two_subscriptions_is_one_trace_on_the_timeline()
    {
        Factory.InstaViewSendingToHost();
        var steady = await StartSubscriberAsync();
        var flaky = await StartSubscriberAsync();
        flaky.Answer(500, 500); // fails twice, then succeeds
        var steadyId = await Client.SubscribeAsync(steady, InstaViewOnly);
        var flakyId = await Client.SubscribeAsync(flaky, InstaViewOnly);
        Subscriptions.AddRange([steadyId, flakyId]);

        // A test interview: the simulator completes it shortly and pushes interview.completed.
        using var created = await Client.PostAsync("/v1/interviews", Infrastructure.Api.Json(
            """{"vendor":"instaview","participant":{"name":"Jane Doe","email":"jane@example.com"},"""
            + "\"options\":{\"agentId\":\"agent-1\",\"isTest\":true}}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        await flaky.WaitForAsync(r => r.Count(d => d.InterviewId == id && d.AnsweredStatus == 200) == 1);
        await steady.WaitForAsync(r => r.Any(d => d.InterviewId == id));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<JsonElement> timeline;
        while ((timeline = await TimelineAsync(id)).Count(e => Kind(e) == "delivery_attempt") < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "the four delivery attempts never reached the timeline");
            await Task.Delay(100);
        }

        var completed = timeline.Single(e => Kind(e) == "event" && Text(e, "event_type") == "interview.completed");
        var trace = Text(completed, "trace_id");
        Assert.Matches("^[0-9a-f]{32}$", trace);
        var completion = timeline.Where(e => Text(e, "trace_id") == trace).ToList();
        Assert.Equal(["inbound_webhook", "vendor_call", "stored_change"], completion.Take(3).Select(Kind));
        Assert.Equal("webhook", Text(completion[1], "purpose"));
        Assert.Equal(200, completion[1].GetProperty("status_code").GetInt32());
        Assert.Equal("completed", Text(completion[2], "to_status"));
        Assert.Equal(["event", "delivery_attempt", "delivery_attempt", "delivery_attempt", "delivery_attempt"],
            completion.SkipWhile(e => Kind(e) != "event").SkipWhile(e => Kind(e) == "event" && e.GetRawText()
                != completed.GetRawText()).Select(Kind));
        var attempts = completion.Where(e => Kind(e) == "delivery_attempt").ToList();
        Assert.All(attempts, a => Assert.Equal(Text(completed, "event_id"), Text(a, "event_id")));
        Assert.Equal([(1, 500), (2, 500), (3, 200)], attempts.Where(a => Text(a, "subscription_id") == flakyId)
            .Select(a => (a.GetProperty("attempt").GetInt32(), a.GetProperty("status_code").GetInt32())));
        Assert.Equal([(1, 200)], attempts.Where(a => Text(a, "subscription_id") == steadyId)
            .Select(a => (a.GetProperty("attempt").GetInt32(), a.GetProperty("status_code").GetInt32())));

        // The webhook log entry on the timeline is the accepted interview.completed webhook.
        var webhook = await Client.GetOkAsync($"/v1/vendor-webhooks?outcome=accepted&limit=100");
        Assert.Contains(webhook.GetProperty("data").EnumerateArray(), w =>
            w.GetProperty("id").GetString() == Text(completion[0], "webhook_id")
            && Text(w, "trace_id") == trace && Text(w, "event") == "interview.completed");

        // Subscribers never get our trace context (docs/observability.md).
        Assert.Equal((0, 0), (steady.Traced, flaky.Traced));

        // Created first, by the API key that asked.
        Assert.Equal(("created", "all"), (Kind(timeline[1]), Text(timeline[1], "api_key")));
        Assert.Equal("vendor_call", Kind(timeline[0]));
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    private async Task<List<JsonElement>> TimelineAsync(string id)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Client.GetOkAsync($"/v1/interviews/{id}/timeline?limit=5"
                + (cursor is null ? "" : $"&cursor={cursor}"));
            entries.AddRange(page.GetProperty("data").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        return entries;
    }

    private static string Kind(JsonElement entry) => Text(entry, "kind")!;

    private static string? Text(JsonElement entry, string name) => entry.GetProperty(name).GetString();
}
