using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// Subscriptions, events, operations, timelines and vendor-webhook endpoints refuse bad input with a problem+json of a
/// stable type, and nothing changes: the same subscriptions, the same subscription, the same events.
[Collection(GatewayCollection.Name)]
public sealed class SubscriptionBadInputTests
{
    private const string All = GatewayFactory.AllKey;
    private const string Read = GatewayFactory.ReadKey;
    private const string Write = GatewayFactory.WriteKey;
    private const string WrongKey = "igw_not_a_configured_key_000";
    private const string Valid = """{"url":"https://hooks.example.com/x"}""";
    private static readonly string TwoMegabytes = "{\"description\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

    private readonly GatewayFactory _factory;

    public SubscriptionBadInputTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
    }

    public static TheoryData<string, string, string?, string?, int, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?, string?, int, string, string?>();
        void Add(string method, string path, string? body, string? key, int status, string type,
            string? errorKey = null) =>
                data.Add(method, path, body, key, status, type, errorKey);

        Add("POST", "/v1/subscriptions", """{"url":""", All, 400, "malformed-request");
        Add("POST", "/v1/subscriptions", """{"url":"https://hooks.example.com/x","colour":"red"}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/subscriptions", """{"url":"https://hooks.example.com/x","payload":"medium"}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/subscriptions", """{"url":42}""", All, 400, "malformed-request");
        Add("POST", "/v1/subscriptions", "{}", All, 400, "validation", "url");
        Add("POST", "/v1/subscriptions", """{"url":"ftp://hooks.example.com/x"}""", All, 400, "validation", "url");
        Add("POST", "/v1/subscriptions", """{"url":"https://user:pw@hooks.example.com/x"}""", All, 400, "validation",
            "url");
        Add("POST", "/v1/subscriptions",
            """{"url":"https://hooks.example.com/x","event_types":["interview.exploded"]}""", All, 400, "validation",
            "event_types");
        Add("POST", "/v1/subscriptions", """{"url":"https://hooks.example.com/x","event_types":[]}""", All, 400,
            "validation", "event_types");
        Add("POST", "/v1/subscriptions", """{"url":"https://hooks.example.com/x","vendors":["acme"]}""", All, 400,
            "validation", "vendors");
        Add("POST", "/v1/subscriptions", """{"url":"https://hooks.example.com/x","max_concurrency":0}""", All, 400,
            "validation", "max_concurrency");
        Add("POST", "/v1/subscriptions", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/subscriptions", Valid, null, 401, "unauthorized");
        Add("POST", "/v1/subscriptions", Valid, WrongKey, 401, "unauthorized");
        Add("POST", "/v1/subscriptions", Valid, Read, 403, "forbidden");
        Add("POST", "/v1/subscriptions", Valid, Write, 403, "forbidden");

        Add("GET", "/v1/subscriptions?limit=0", null, All, 400, "validation", "limit");
        Add("GET", "/v1/subscriptions", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/subscriptions", null, null, 401, "unauthorized");
        Add("GET", "/v1/subscriptions", null, Read, 403, "forbidden");

        Add("GET", "/v1/subscriptions/sub_missing", null, All, 404, "not-found");
        Add("GET", "/v1/subscriptions/{id}", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/subscriptions/{id}", null, Read, 403, "forbidden");

        Add("PATCH", "/v1/subscriptions/{id}", """{"enabled":"yes"}""", All, 400, "malformed-request");
        Add("PATCH", "/v1/subscriptions/{id}", """{"secret":"whsec_x"}""", All, 400, "malformed-request");
        Add("PATCH", "/v1/subscriptions/{id}", """{"url":"gopher://x"}""", All, 400, "validation", "url");
        Add("PATCH", "/v1/subscriptions/{id}", """{"max_concurrency":1000}""", All, 400, "validation",
            "max_concurrency");
        Add("PATCH", "/v1/subscriptions/sub_missing", """{"enabled":false}""", All, 404, "not-found");
        Add("PATCH", "/v1/subscriptions/{id}", TwoMegabytes, All, 413, "payload-too-large");
        Add("PATCH", "/v1/subscriptions/{id}", """{"enabled":false}""", null, 401, "unauthorized");
        Add("PATCH", "/v1/subscriptions/{id}", """{"enabled":false}""", Write, 403, "forbidden");

        Add("DELETE", "/v1/subscriptions/sub_missing", null, All, 404, "not-found");
        Add("DELETE", "/v1/subscriptions/{id}", TwoMegabytes, All, 413, "payload-too-large");
        Add("DELETE", "/v1/subscriptions/{id}", null, null, 401, "unauthorized");
        Add("DELETE", "/v1/subscriptions/{id}", null, Read, 403, "forbidden");

        Add("POST", "/v1/subscriptions/{id}/test", """{"event_type":"interview.exploded"}""", All, 400, "validation",
            "event_type");
        Add("POST", "/v1/subscriptions/{id}/test", """{"event_type":1}""", All, 400, "malformed-request");
        Add("POST", "/v1/subscriptions/sub_missing/test", "{}", All, 404, "not-found");
        Add("POST", "/v1/subscriptions/{id}/test", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/subscriptions/{id}/test", "{}", null, 401, "unauthorized");
        Add("POST", "/v1/subscriptions/{id}/test", "{}", Read, 403, "forbidden");

        Add("GET", "/v1/subscriptions/{id}/deliveries?status=lost", null, All, 400, "validation", "status");
        Add("GET", "/v1/subscriptions/{id}/deliveries?cursor=att_nope", null, All, 400, "validation", "cursor");
        Add("GET", "/v1/subscriptions/{id}/deliveries?limit=500", null, All, 400, "validation", "limit");
        Add("GET", "/v1/subscriptions/sub_missing/deliveries", null, All, 404, "not-found");
        Add("GET", "/v1/subscriptions/{id}/deliveries", null, null, 401, "unauthorized");
        Add("GET", "/v1/subscriptions/{id}/deliveries", null, Read, 403, "forbidden");

        Add("POST", "/v1/subscriptions/{id}/deliveries/evt_missing/retry", null, All, 404, "not-found");
        Add("POST", "/v1/subscriptions/{id}/deliveries/evt_missing/retry", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/subscriptions/{id}/deliveries/evt_missing/retry", null, WrongKey, 401, "unauthorized");
        Add("POST", "/v1/subscriptions/{id}/deliveries/evt_missing/retry", null, Read, 403, "forbidden");

        Add("POST", "/v1/subscriptions/{id}/recover", "{}", All, 400, "validation", "since");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":"not a time"}""", All, 400, "validation", "since");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":"2999-01-01T00:00:00Z"}""", All, 400, "validation",
            "since");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":""", All, 400, "malformed-request");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":"2026-11-01T00:00:00Z","all":true}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/subscriptions/sub_missing/recover", """{"since":"2026-11-01T00:00:00Z"}""", All, 404,
            "not-found");
        Add("POST", "/v1/subscriptions/{id}/recover", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":"2026-11-01T00:00:00Z"}""", null, 401,
            "unauthorized");
        Add("POST", "/v1/subscriptions/{id}/recover", """{"since":"2026-11-01T00:00:00Z"}""", Read, 403, "forbidden");

        Add("GET", "/v1/vendor-webhooks?outcome=ignored", null, All, 400, "validation", "outcome");
        Add("GET", "/v1/vendor-webhooks?since=yesterday", null, All, 400, "validation", "since");
        Add("GET", "/v1/vendor-webhooks?until=2026-11-01T00:00:00Z&since=2026-11-02T00:00:00Z", null, All, 400,
            "validation", "until");
        Add("GET", "/v1/vendor-webhooks?cursor=evt_1", null, All, 400, "validation", "cursor");
        Add("GET", "/v1/vendor-webhooks?limit=101", null, All, 400, "validation", "limit");
        Add("GET", "/v1/vendor-webhooks", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/vendor-webhooks", null, null, 401, "unauthorized");
        Add("GET", "/v1/vendor-webhooks", null, Read, 403, "forbidden");
        Add("POST", "/v1/vendor-webhooks/vwh_1-0/replay", null, All, 404, "not-found");
        Add("POST", "/v1/vendor-webhooks/not-an-id/replay", null, All, 404, "not-found");
        Add("POST", "/v1/vendor-webhooks/vwh_1-0/replay", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/vendor-webhooks/vwh_1-0/replay", null, null, 401, "unauthorized");
        Add("POST", "/v1/vendor-webhooks/vwh_1-0/replay", null, WrongKey, 401, "unauthorized");
        Add("POST", "/v1/vendor-webhooks/vwh_1-0/replay", null, Write, 403, "forbidden");

        Add("GET", "/v1/interviews/hindsight_missing/timeline", null, All, 404, "not-found");
        Add("GET", "/v1/interviews/hindsight_missing/timeline?cursor=abc", null, All, 400, "validation", "cursor");
        Add("GET", "/v1/interviews/hindsight_missing/timeline?limit=0", null, All, 400, "validation", "limit");
        Add("GET", "/v1/interviews/hindsight_missing/timeline", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/interviews/hindsight_missing/timeline", null, null, 401, "unauthorized");
        Add("GET", "/v1/interviews/hindsight_missing/timeline", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/interviews/hindsight_missing/timeline", null, Write, 403, "forbidden");

        Add("GET", "/v1/operations/op_missing", null, All, 404, "not-found");
        Add("GET", "/v1/operations/op_missing", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/operations/op_missing", null, null, 401, "unauthorized");
        Add("GET", "/v1/operations/op_missing", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/operations/op_missing", null, Read, 403, "forbidden");

        Add("POST", "/v1/subscriptions/sub_missing/rotate-secret", null, All, 404, "not-found");
        Add("POST", "/v1/subscriptions/{id}/rotate-secret", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/subscriptions/{id}/rotate-secret", null, null, 401, "unauthorized");
        Add("POST", "/v1/subscriptions/{id}/rotate-secret", null, Read, 403, "forbidden");
        Add("POST", "/v1/subscriptions/{id}/rotate-secret", null, Write, 403, "forbidden");

        Add("GET", "/v1/subscriptions/sub_missing/secret", null, All, 404, "not-found");
        Add("GET", "/v1/subscriptions/{id}/secret", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/subscriptions/{id}/secret", null, null, 401, "unauthorized");
        Add("GET", "/v1/subscriptions/{id}/secret", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/subscriptions/{id}/secret", null, Read, 403, "forbidden");

        Add("GET", "/v1/events?type=interview.exploded", null, All, 400, "validation", "type");
        Add("GET", "/v1/events?limit=0", null, All, 400, "validation", "limit");
        Add("GET", "/v1/events?cursor=evt_expired_or_foreign", null, All, 400, "validation", "cursor");
        Add("GET", "/v1/events", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/events", null, null, 401, "unauthorized");
        Add("GET", "/v1/events", null, Write, 403, "forbidden");

        Add("POST", "/v1/vendor-webhooks/acme", """{"interview_id":"x"}""", null, 404, "not-found");
        Add("POST", "/v1/vendor-webhooks/hindsight", """{"interview_id":"x"}""", null, 404, "not-found");
        Add("POST", "/v1/vendor-webhooks/acme", TwoMegabytes, null, 413, "payload-too-large");

        Add("PUT", "/v1/subscriptions", Valid, All, 405, "method-not-allowed");
        Add("GET", "/v1/no-such-thing", null, All, 404, "not-found");
        Add("POST", "/v1/vendors/hindsight/webhook-registration", null, All, 422, "vendor-unsupported-operation");
        Add("POST", "/v1/vendors/acme/webhook-registration", null, All, 404, "not-found");
        Add("POST", "/v1/vendors/hindsight/webhook-registration", null, null, 401, "unauthorized");
        Add("POST", "/v1/vendors/hindsight/webhook-registration", null, Read, 403, "forbidden");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_problem_and_changes_nothing(
        string method, string path, string? body, string? key, int status, string type, string? errorKey)
    {
        using var admin = _factory.CreateClient(All);
        string? id = null;
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            using var created = await admin.PostAsync("/v1/subscriptions",
                Infrastructure.Api.Json("""{"url":"https://hooks.example.com/bad-input"}"""));
            id = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        }

        var before = await SnapshotAsync(admin, id);
        using var client = _factory.CreateClient(key);
        using var request = new HttpRequestMessage(new HttpMethod(method),
            path.Replace("{id}", id, StringComparison.Ordinal))
        {
            Content = body is null ? null : Infrastructure.Api.Json(body),
        };
        using var response = await client.SendAsync(request);
        await response.AssertProblemAsync((HttpStatusCode)status, type, errorKey);

        Assert.Equal(before, await SnapshotAsync(admin, id));
        _factory.Logs.AssertNoWarningsOrErrors();
        if (id is not null)
        {
            await admin.DeleteAsync($"/v1/subscriptions/{id}");
        }
    }

    [Fact]
    public async Task Reads_and_lists_never_show_the_secret_and_crud_works()
    {
        using var admin = _factory.CreateClient(All);
        using var created = await admin.PostAsync("/v1/subscriptions", Infrastructure.Api.Json("""
            {"url":"https://hooks.example.com/crud","event_types":["interview.completed","interview.failed"],
             "description":"crm"}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("id").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Equal($"/v1/subscriptions/{id}", created.Headers.Location?.OriginalString);

        var one = await admin.GetOkAsync($"/v1/subscriptions/{id}");
        var list = await admin.GetOkAsync("/v1/subscriptions?limit=100");
        Assert.DoesNotContain(secret, one.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);
        Assert.False(one.TryGetProperty("secret", out _));
        Assert.Contains(list.GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        using var patched = await admin.PatchAsync($"/v1/subscriptions/{id}",
            Infrastructure.Api.Json("""{"enabled":false,"payload":"full"}"""));
        var after = await patched.ReadJsonAsync();
        Assert.False(after.GetProperty("enabled").GetBoolean());
        Assert.Equal("full", after.GetProperty("payload").GetString());
        Assert.Equal("crm", after.GetProperty("description").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.DoesNotContain(_factory.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
    }

    private static async Task<(string Subscriptions, string? Subscription,
        string Events)> SnapshotAsync(HttpClient admin, string? id) => (
            (await admin.GetOkAsync("/v1/subscriptions?limit=100")).GetRawText(),
            id is null ? null : (await admin.GetOkAsync($"/v1/subscriptions/{id}")).GetRawText(),
            (await admin.GetOkAsync("/v1/events?limit=100")).GetRawText());
}
