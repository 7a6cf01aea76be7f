using System.Net;
using System.Text.Json;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
using static InterviewGateway.Tests.Client.StubGateway;

namespace InterviewGateway.Tests.Client;

/// What the client sends and how it reads answers: auth, query formats, paging, merge patches, problems.
public sealed class ClientCallTests
{
    [Fact]
    public async Task A_list_follows_next_cursor_and_sends_the_filters_as_the_gateway_parses_them()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.Page(Samples.InterviewJson, "c/1+")),
            Json(HttpStatusCode.OK, Samples.Page(Samples.InterviewJson, null)));
        var query = new InterviewQuery("sandbox", InterviewStatus.InProgress,
            new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(1)), 1);

        var interviews = await stub.Client.ListInterviewsAsync(query).ToListAsync();

        Assert.Equal(2, interviews.Count);
        var urls = stub.Requests.Select(r => Uri.UnescapeDataString(r.Request.RequestUri!.Query)).ToList();
        Assert.Equal("?vendor=sandbox&status=in_progress&updated_after=2026-11-02T09:00:00Z&limit=1", urls[0]);
        Assert.EndsWith("&limit=1&cursor=c/1+", urls[1]);
        Assert.All(stub.Requests,
            r => Assert.Equal("Bearer igw_stub_key", r.Request.Headers.Authorization?.ToString()));
    }

    [Fact]
    public async Task Enumeration_stops_fetching_when_the_caller_stops_reading()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.Page(Samples.InterviewJson, "next")));

        await foreach (var interview in stub.Client.ListInterviewsAsync())
        {
            Assert.Equal(InterviewStatus.InProgress, interview.Status);
            break;
        }

        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_problem_answer_becomes_one_typed_exception_with_every_member()
    {
        var stub = Start(Json(HttpStatusCode.BadRequest, """
            {"type":"https://interviewgateway.dev/problems/validation","title":"One or more validation errors occurred",
             "status":400,"detail":"See errors.","errors":{"participant.email":["Not an email."]},
             "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}
            """, "application/problem+json"));

        var problem = await Assert.ThrowsAsync<InterviewGatewayProblemException>(() =>
            stub.Client.CreateInterviewAsync(new CreateInterviewRequest("sandbox", new ParticipantInput())));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal("https://interviewgateway.dev/problems/validation", problem.Type);
        Assert.Equal("One or more validation errors occurred", problem.Title);
        Assert.Equal("See errors.", problem.Detail);
        Assert.Equal(["Not an email."], problem.Errors["participant.email"]);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", problem.TraceId);
    }

    [Fact]
    public async Task An_error_without_a_problem_body_still_throws_the_typed_exception()
    {
        // Not a transient status (a 502 would be retried), and not a problem document: a proxy's page.
        var stub = Start(Json(HttpStatusCode.NotFound, "<html>proxy</html>", "text/html"));

        var problem = await Assert.ThrowsAsync<InterviewGatewayProblemException>(
            () => stub.Client.DeleteSubscriptionAsync("sub_1"));

        Assert.Equal(HttpStatusCode.NotFound, problem.Status);
        Assert.Equal("Not Found", problem.Title);
        Assert.Null(problem.Type);
    }

    [Fact]
    public async Task Track_tells_a_new_tracking_from_an_existing_one()
    {
        var stub = Start(Json(HttpStatusCode.Created, Samples.InterviewJson),
            Json(HttpStatusCode.OK, Samples.InterviewJson));
        var request = new TrackInterviewRequest("sandbox", "1");

        Assert.True((await stub.Client.TrackInterviewAsync(request)).Created);
        Assert.False((await stub.Client.TrackInterviewAsync(request)).Created);
        Assert.All(stub.Requests, r => Assert.Single(r.Request.Headers.GetValues("Idempotency-Key")));
    }

    [Fact]
    public async Task A_patch_is_a_merge_patch_of_only_the_members_set()
    {
        var stub = Start(Json(HttpStatusCode.OK, Samples.InterviewJson));

        await stub.Client.UpdateInterviewAsync("sandbox_1", new InterviewPatch(Objective: "Why?",
            Metadata: new Dictionary<string, string?> { ["keep"] = "v", ["drop"] = null }));

        var (request, body) = stub.Requests.Single();
        Assert.Equal("application/merge-patch+json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"objective":"Why?","metadata":{"keep":"v","drop":null}}""", body);
    }

    [Fact]
    public async Task Events_are_listed_as_typed_events_and_unknown_types_survive()
    {
        var completed = $$$"""
            {"id":"evt_1","type":"interview.completed","timestamp":"2026-11-03T14:30:00Z","schema_version":"2026-11-01",
             "sequence":3,"data":{"interview":{{{Samples.InterviewJson}}},"detected_by":"vendor_webhook"}}
            """;
        var future = """
            {"id":"evt_2","type":"interview.rescheduled","timestamp":"2026-11-03T14:30:00Z",
             "schema_version":"2027-01-01","sequence":4,"data":{"at":"soon"}}
            """;
        var stub = Start(Json(HttpStatusCode.OK, Samples.Page(completed + "," + future, null)));

        var events = await stub.Client.ListEventsAsync(new EventQuery(InterviewId: "sandbox_1")).ToListAsync();

        var first = Assert.IsType<InterviewCompleted>(events[0]);
        Assert.Equal(EventDetection.VendorWebhook, first.Data.DetectedBy);
        Assert.Equal(3, first.Sequence);
        Assert.Equal("soon", Assert.IsType<UnknownEvent>(events[1]).Data.GetProperty("at").GetString());
        Assert.Equal("?interview_id=sandbox_1", stub.Requests.Single().Request.RequestUri!.Query);
    }

    [Fact]
    public async Task Cancellation_reaches_the_request()
    {
        var stub = Start();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => stub.Client.GetSubscriptionAsync("sub_1", cancelled.Token));
        Assert.Empty(stub.Requests);
    }
}
