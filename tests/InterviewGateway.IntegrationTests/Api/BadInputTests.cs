using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// Every endpoint refuses bad input with a problem+json of a stable type, and nothing changes: the
/// store holds the same interviews and the vendor saw no request.
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests
{
    private const string All = GatewayFactory.AllKey;
    private const string Read = GatewayFactory.ReadKey;
    private const string Write = GatewayFactory.WriteKey;
    private const string WrongKey = "igw_not_a_configured_key_000";
    private const string Valid =
        """{"vendor":"hindsight","participant":{"email":"a@example.com"},"options":{"sequence_id":"s"}}""";
    private static readonly string TwoMegabytes = "{\"objective\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

    private readonly GatewayFactory _factory;

    public BadInputTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
    }

    public static TheoryData<string, string, string?, string, string?, int, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?, string, string?, int, string, string?>();
        void Add(string method, string path, string? body, string? key, int status, string type,
            string? errorKey = null, string contentType = "application/json") =>
                data.Add(method, path, body, contentType, key, status, type, errorKey);

        // POST /v1/interviews
        Add("POST", "/v1/interviews", """{"vendor":""", All, 400, "malformed-request");
        Add("POST", "/v1/interviews", """
            {"vendor":"hindsight","participant":{"email":"a@example.com"},"options":{"sequence_id":"s"},"colour":"red"}
            """, All, 400, "malformed-request");
        Add("POST", "/v1/interviews", """{"vendor":5,"participant":{"email":"a@example.com"}}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/interviews", """{"vendor":"hindsight","participant":"a@example.com"}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/interviews", """
            {"vendor":"hindsight","participant":{"email":"a@example.com"},
             "options":{"sequence_id":"s","interview_type_id":"t"}}
            """, All, 400, "validation", "options");
        Add("POST", "/v1/interviews", """{"vendor":"hindsight","participant":{"email":"a@example.com"}}""", All, 400,
            "validation", "options");
        Add("POST", "/v1/interviews",
            """{"vendor":"hindsight","participant":{"email":"not-an-email"},"options":{"sequence_id":"s"}}""", All,
            400, "validation", "participant.email");
        Add("POST", "/v1/interviews",
            """{"vendor":"hindsight","participant":{"name":"No Email"},"options":{"sequence_id":"s"}}""", All, 400,
            "validation", "participant.email");
        Add("POST", "/v1/interviews",
            """{"vendor":"acme","participant":{"email":"a@example.com"},"options":{"sequence_id":"s"}}""", All, 400,
            "validation", "vendor");
        Add("POST", "/v1/interviews", """{"participant":{"email":"a@example.com"}}""", All, 400, "validation",
            "vendor");
        Add("POST", "/v1/interviews", """
            {"vendor":"hindsight","participant":{"email":"a@example.com"},"context":[1],"options":{"sequence_id":"s"}}
            """, All, 400, "validation", "context");
        Add("POST", "/v1/interviews", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/interviews", Valid, null, 401, "unauthorized");
        Add("POST", "/v1/interviews", Valid, WrongKey, 401, "unauthorized");
        Add("POST", "/v1/interviews", Valid, Read, 403, "forbidden");

        // POST /v1/interviews/track
        Add("POST", "/v1/interviews/track", "{", All, 400, "malformed-request");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":"1","extra":1}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":17}""", All, 400,
            "malformed-request");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":"abc"}""", All, 400,
            "validation", "vendor_interview_id");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight"}""", All, 400, "validation",
            "vendor_interview_id");
        Add("POST", "/v1/interviews/track", """{"vendor":"acme","vendor_interview_id":"1"}""", All, 400, "validation",
            "vendor");
        Add("POST", "/v1/interviews/track",
            """{"vendor":"hindsight","vendor_interview_id":"1","participant":{"email":"nope"}}""", All, 400,
            "validation", "participant.email");
        Add("POST", "/v1/interviews/track", TwoMegabytes, All, 413, "payload-too-large");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":"1"}""", null, 401,
            "unauthorized");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":"1"}""", WrongKey, 401,
            "unauthorized");
        Add("POST", "/v1/interviews/track", """{"vendor":"hindsight","vendor_interview_id":"1"}""", Read, 403,
            "forbidden");

        // GET /v1/interviews
        Add("GET", "/v1/interviews?limit=0", null, All, 400, "validation", "limit");
        Add("GET", "/v1/interviews?limit=101", null, All, 400, "validation", "limit");
        Add("GET", "/v1/interviews?limit=ten", null, All, 400, "validation", "limit");
        Add("GET", "/v1/interviews?status=done", null, All, 400, "validation", "status");
        Add("GET", "/v1/interviews?updated_after=yesterday", null, All, 400, "validation", "updated_after");
        Add("GET", "/v1/interviews?cursor=%25%25%25", null, All, 400, "validation", "cursor");
        Add("GET", "/v1/interviews?vendor=acme", null, All, 400, "validation", "vendor");
        Add("GET", "/v1/interviews", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/interviews", null, null, 401, "unauthorized");
        Add("GET", "/v1/interviews", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/interviews", null, Write, 403, "forbidden");

        // GET /v1/interviews/{id}
        Add("GET", "/v1/interviews/{id}?refresh=yes", null, All, 400, "validation", "refresh");
        Add("GET", "/v1/interviews/{id}?include=everything", null, All, 400, "validation", "include");
        Add("GET", "/v1/interviews/hindsight_404404404", null, All, 404, "not-found");
        Add("GET", "/v1/interviews/{id}", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/interviews/{id}", null, null, 401, "unauthorized");
        Add("GET", "/v1/interviews/{id}", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/interviews/{id}", null, Write, 403, "forbidden");

        // PATCH /v1/interviews/{id}
        Add("PATCH", "/v1/interviews/{id}", """{"objective":""", All, 400, "malformed-request");
        Add("PATCH", "/v1/interviews/{id}", """{"status":"completed"}""", All, 400, "validation", "status");
        Add("PATCH", "/v1/interviews/{id}", """{"participant":{"email":"b@example.com"}}""", All, 400, "validation",
            "participant");
        Add("PATCH", "/v1/interviews/{id}", """{"objective":5}""", All, 400, "validation", "objective");
        Add("PATCH", "/v1/interviews/{id}", """{"context":42}""", All, 400, "validation", "context");
        Add("PATCH", "/v1/interviews/{id}", """{"metadata":{"k":1}}""", All, 400, "validation", "metadata");
        Add("PATCH", "/v1/interviews/{id}", """{"context_mode":"merge"}""", All, 400, "validation", "context_mode");
        Add("PATCH", "/v1/interviews/{id}", "{}", All, 400, "validation", "$");
        Add("PATCH", "/v1/interviews/{id}", """{"objective":"x"}""", All, 415, "unsupported-media-type",
            contentType: "text/plain");
        Add("PATCH", "/v1/interviews/hindsight_404404404", """{"metadata":{"k":"v"}}""", All, 404, "not-found");
        Add("PATCH", "/v1/interviews/{id}", TwoMegabytes, All, 413, "payload-too-large");
        Add("PATCH", "/v1/interviews/{id}", """{"objective":"x"}""", null, 401, "unauthorized");
        Add("PATCH", "/v1/interviews/{id}", """{"objective":"x"}""", WrongKey, 401, "unauthorized");
        Add("PATCH", "/v1/interviews/{id}", """{"objective":"x"}""", Read, 403, "forbidden");

        // DELETE /v1/interviews/{id}
        Add("DELETE", "/v1/interviews/hindsight_404404404", null, All, 404, "not-found");
        Add("DELETE", "/v1/interviews/{id}", TwoMegabytes, All, 413, "payload-too-large");
        Add("DELETE", "/v1/interviews/{id}", null, null, 401, "unauthorized");
        Add("DELETE", "/v1/interviews/{id}", null, WrongKey, 401, "unauthorized");
        Add("DELETE", "/v1/interviews/{id}", null, Read, 403, "forbidden");

        // GET /v1/interviews/{id}/transcript
        Add("GET", "/v1/interviews/{id}/transcript?format=pdf", null, All, 400, "validation", "format");
        Add("GET", "/v1/interviews/{id}/transcript", null, All, 404, "not-found");
        Add("GET", "/v1/interviews/{id}/transcript", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/interviews/{id}/transcript", null, null, 401, "unauthorized");
        Add("GET", "/v1/interviews/{id}/transcript", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/interviews/{id}/transcript", null, Write, 403, "forbidden");

        // GET /v1/vendors
        Add("GET", "/v1/vendors", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/vendors", null, null, 401, "unauthorized");
        Add("GET", "/v1/vendors", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/vendors", null, Write, 403, "forbidden");

        // GET /v1/vendors/{vendor}/usage
        Add("GET", "/v1/vendors/acme/usage", null, All, 404, "not-found");
        Add("GET", "/v1/vendors/hindsight/usage", TwoMegabytes, All, 413, "payload-too-large");
        Add("GET", "/v1/vendors/hindsight/usage", null, null, 401, "unauthorized");
        Add("GET", "/v1/vendors/hindsight/usage", null, WrongKey, 401, "unauthorized");
        Add("GET", "/v1/vendors/hindsight/usage", null, Write, 403, "forbidden");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_problem_and_changes_nothing(
        string method, string path, string? body, string contentType, string? key, int status, string type,
        string? errorKey)
    {
        using var admin = _factory.CreateClient(GatewayFactory.AllKey);
        var id = path.Contains("{id}", StringComparison.Ordinal)
            ? (await admin.CreateInterviewAsync()).GetProperty("id").GetString()! : null;
        await _factory.StopPollingAsync(); // the vendor's request count then moves only for this request
        var before = await SnapshotAsync(admin, id);

        using var client = _factory.CreateClient(key);
        using var request = new HttpRequestMessage(new HttpMethod(method),
            path.Replace("{id}", id, StringComparison.Ordinal))
        {
            Content = body is null ? null : Infrastructure.Api.Json(body, contentType),
        };
        using var response = await client.SendAsync(request);
        await response.AssertProblemAsync((HttpStatusCode)status, type, errorKey);

        var after = await SnapshotAsync(admin, id);
        Assert.Equal(before, after);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    /// What must not change: the interview count, the one interview's stored form, and the vendor's request count.
    private async Task<(int Count, string? Interview, int VendorRequests)> SnapshotAsync(HttpClient admin, string? id)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await admin.GetOkAsync("/v1/interviews?limit=100" + (cursor is null ? "" : "&cursor=" + cursor));
            count += page.GetProperty("data").GetArrayLength();
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        var interview = id is null ? null : (await admin.GetOkAsync($"/v1/interviews/{id}")).GetRawText();
        return (count, interview, _factory.Simulator.Requests.Snapshot().Count);
    }
}
