using System.Net;
using System.Text;
using System.Text.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Inbound;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.UserJourneys.Simulator;

// Not `...IntegrationTests.Vendors`: that namespace would shadow InterviewGateway.Vendors in other test files.
namespace InterviewGateway.IntegrationTests.UserJourneys;

/// userjourneys.ai end to end: signed webhooks into the gateway, the Hangfire follow-up reading the
/// simulator through the real Refit client, reconciliation of lost webhooks, and create's 422.
[Collection(GatewayCollection.Name)]
public sealed class UserJourneysTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;
    private readonly HttpClient _anonymous;

    public UserJourneysTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
        _client = factory.CreateClient(GatewayFactory.AllKey);
        _anonymous = factory.CreateClient(apiKey: null);
    }

    private UserJourneysSimulator Simulator => _factory.Services.GetRequiredService<UserJourneysSimulator>();

    [Fact]
    public async Task A_signed_webhook_tracks_the_interview_and_publishes_one_completed_event()
    {
        var reference = $"user_{Guid.NewGuid():N}";
        var id = Simulator.Respond(OwnStudy(), reference);
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);

        using var response = await PostWebhookAsync(Simulator.BuildWebhook(id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False((await response.ReadJsonAsync()).GetProperty("duplicate").GetBoolean());

        var events = await WaitForCompletedEventsAsync(id, 1);
        Assert.Equal("vendor_webhook", events[0].GetProperty("data").GetProperty("detected_by").GetString());
        var interview = await _client.GetOkAsync($"/v1/interviews/userjourneys_{id}");
        Assert.Equal("completed", interview.GetProperty("status").GetString());
        Assert.Equal("completed", interview.GetProperty("vendor_status").GetString());
        Assert.Equal(reference, interview.GetProperty("participant").GetProperty("external_id").GetString());
        Assert.True(interview.GetProperty("transcript_available").GetBoolean());
        Assert.Equal("insightful", interview.GetProperty("analysis").GetProperty("quality_score").GetString());
        var transcript = await _client.GetOkAsync($"/v1/interviews/userjourneys_{id}/transcript");
        Assert.Equal("Thanks for joining today. Tell me about your experience.",
            transcript.GetProperty("turns")[0].GetProperty("translated_text").GetString());
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_replayed_delivery_is_accepted_without_a_second_event()
    {
        var id = Simulator.Respond(OwnStudy(), null);
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);
        var webhook = Simulator.BuildWebhook(id);

        using (var first = await PostWebhookAsync(webhook))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await WaitForCompletedEventsAsync(id, 1);
        using var replay = await PostWebhookAsync(webhook);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.True((await replay.ReadJsonAsync()).GetProperty("duplicate").GetBoolean());
        await _factory.WaitUntilIdleAsync(); // a (wrongly) enqueued second follow-up would have run by now
        Assert.Equal("vendor_webhook", Assert.Single(await CompletedEventsAsync(id)).GetProperty("data")
            .GetProperty("detected_by").GetString());
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("wrong-secret")]
    [InlineData("missing-header")]
    public async Task A_delivery_that_does_not_verify_gets_401_and_nothing_is_stored(string fault)
    {
        var id = Simulator.Respond(OwnStudy(), null);
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);
        var (body, headers) = Simulator.BuildWebhook(id);
        switch (fault)
        {
            case "tampered":
                body = Encoding.UTF8
                    .GetBytes(Encoding.UTF8.GetString(body).Replace("interview.completed", "interview.completed ",
                    StringComparison.Ordinal));
                break;
            case "wrong-secret":
                headers[UserJourneysWebhookReceiver.SignatureHeader] =
                    "sha256=" + WebhookSignatures.SignHex("whsec_not_ours", body);
                break;
            default:
                headers.Remove(UserJourneysWebhookReceiver.SignatureHeader);
                break;
        }

        using var response = await PostWebhookAsync((body, headers));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // The genuine delivery still goes through afterwards: the rejected one was not recorded for dedupe.
        await _factory.WaitUntilIdleAsync(); // a follow-up accepted by mistake would have run by now
        using var missing = await _client.GetAsync($"/v1/interviews/userjourneys_{id}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var genuine = await PostWebhookAsync(Simulator.BuildWebhook(id));
        Assert.False((await genuine.ReadJsonAsync()).GetProperty("duplicate").GetBoolean());
        await WaitForCompletedEventsAsync(id, 1);
    }

    [Fact]
    public async Task A_webhook_for_an_interview_still_in_progress_starts_tracking_it_without_an_event()
    {
        var id = Simulator.Respond(OwnStudy(), "user_started");

        using var response = await PostWebhookAsync(Simulator.BuildWebhook(id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var interview = await WaitForInterviewAsync(id);
        Assert.Equal("in_progress", interview.GetProperty("status").GetString());
        Assert.Equal("webhook", interview.GetProperty("tracking").GetProperty("mode").GetString());
        Assert.Empty(await CompletedEventsAsync(id));
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task When_the_vendor_is_down_the_follow_up_fails_and_its_retry_completes_the_interview()
    {
        var id = Simulator.Respond(OwnStudy(), null);
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);
        var followUps = _factory.Services.GetRequiredService<FollowUpDispatcher>();

        // Three 503s: the first read and both of the resilience handler's GET retries.
        Simulator.FailNextGets(3);
        Assert.Equal(FollowUpOutcome.Retried,
            await followUps.RunAsync(new PendingFollowUp("userjourneys", id, 0), CancellationToken.None));
        using (var notYet = await _client.GetAsync($"/v1/interviews/userjourneys_{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        }

        // What the queue's retry does after the backoff.
        Assert.Equal(FollowUpOutcome.Done,
            await followUps.RunAsync(new PendingFollowUp("userjourneys", id, 0), CancellationToken.None));
        Assert.Equal("vendor_webhook", Assert.Single(await CompletedEventsAsync(id)).GetProperty("data")
            .GetProperty("detected_by").GetString());
        Assert.Equal("completed",
            (await _client.GetOkAsync($"/v1/interviews/userjourneys_{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reconciliation_catches_a_lost_webhook_once()
    {
        var id = Simulator.Respond(GatewayFactory.UserJourneysStudyId, "user_lost");
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);

        await ReconcileAsync();
        var events = await CompletedEventsAsync(id);
        Assert.Equal("reconcile", Assert.Single(events).GetProperty("data").GetProperty("detected_by").GetString());

        await ReconcileAsync();
        using var late = await PostWebhookAsync(Simulator.BuildWebhook(id)); // the webhook turns up after all
        Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        await _factory.WaitUntilIdleAsync(); // the late webhook's follow-up has run
        Assert.Single(await CompletedEventsAsync(id));
        Assert.Contains(Simulator.Requests.Snapshot(),
            r => r.Path.Contains("status=completed", StringComparison.Ordinal)
            && r.Path.Contains(GatewayFactory.UserJourneysStudyId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconciliation_announces_no_completion_older_than_the_event_retention()
    {
        // Issue 17: an interview finished 120 days ago, whose records expired, came back as a new event.
        var old = Simulator.Respond(GatewayFactory.UserJourneysStudyId, "user_old");
        await Simulator.CompleteAsync(old, sendWebhook: false, CancellationToken.None, TimeSpan.FromDays(120));
        var recent = Simulator.Respond(GatewayFactory.UserJourneysStudyId, "user_recent");
        await Simulator.CompleteAsync(recent, sendWebhook: false, CancellationToken.None, TimeSpan.FromDays(29));

        await ReconcileAsync();

        Assert.Equal("completed",
            (await _client.GetOkAsync($"/v1/interviews/userjourneys_{old}")).GetProperty("status").GetString());
        Assert.Empty(await CompletedEventsAsync(old));
        Assert.Single(await CompletedEventsAsync(recent));
    }

    [Fact]
    public async Task A_reconciliation_started_again_while_another_pass_holds_the_lease_exits_at_once()
    {
        // Issue 17: Hangfire starts a job again after InvisibilityTimeout (5 min); a pass takes up to ~17.
        var id = Simulator.Respond(GatewayFactory.UserJourneysStudyId, "user_leased");
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);
        var leases = _factory.Services.GetRequiredService<IKeyValueStore>();
        var lease = new RedisKeys(_factory.KeyPrefix).ReconcileLease("userjourneys");
        await leases.SetAsync(lease, "the-first-pass", TimeSpan.FromMinutes(1), CancellationToken.None);

        await ReconcileAsync();
        Assert.Empty(await CompletedEventsAsync(id));
        Assert.Equal("the-first-pass", await leases.GetAsync(lease, CancellationToken.None)); // not taken over

        await leases.DeleteAsync(lease, CancellationToken.None); // the first pass ended
        await ReconcileAsync();
        Assert.Single(await CompletedEventsAsync(id));
        Assert.Null(await leases.GetAsync(lease, CancellationToken.None)); // released at the end
    }

    [Fact]
    public async Task Create_answers_422_explaining_the_interview_link_path()
    {
        using var response = await _client.PostAsync("/v1/interviews",
            Infrastructure.Api.Json("""{"vendor":"userjourneys","participant":{"email":"jane@example.com"}}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity,
            "vendor-unsupported-operation");
        Assert.Contains("reference_id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("/v1/interviews/track", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_simulator_lists_by_study_newest_first_with_a_cursor_and_requires_a_study()
    {
        var study = OwnStudy();
        var ids = Enumerable.Range(0, 3).Select(i => Simulator.Respond(study, $"ref_{i}")).ToArray();
        _anonymous.DefaultRequestHeaders.Authorization = new("Bearer",
            _factory.Services.GetRequiredService<SandboxCredentials>()
                .ApiKey(UserJourneysVendor.VendorKey));

        var first = await _anonymous.GetOkAsync($"/sandbox/userjourneys/api/v1/interviews?study_id={study}&limit=2");
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second =
            await _anonymous
            .GetOkAsync($"/sandbox/userjourneys/api/v1/interviews?study_id={study}&limit=2&starting_after={ids[1]}");
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(Enumerable.Reverse(ids),
            first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(i =>
                i.GetProperty("id").GetString()));
        var byReference =
            await _anonymous.GetOkAsync($"/sandbox/userjourneys/api/v1/interviews?study_id={study}&reference_id=ref_2");
        Assert.Equal(ids[2],
            Assert.Single(byReference.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        using var noStudy = await _anonymous.GetAsync("/sandbox/userjourneys/api/v1/interviews");
        Assert.Equal(HttpStatusCode.BadRequest, noStudy.StatusCode);
        using var unknown = await _anonymous.GetAsync($"/sandbox/userjourneys/api/v1/interviews/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        _anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "uj_live_wrong");
        using var badKey = await _anonymous.GetAsync($"/sandbox/userjourneys/api/v1/interviews/{ids[0]}");
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
    }

    private static string OwnStudy() => Guid.NewGuid().ToString();

    private async Task<HttpResponseMessage> PostWebhookAsync((byte[] Body, Dictionary<string, string> Headers) webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/vendor-webhooks/userjourneys")
        {
            Content = new ByteArrayContent(webhook.Body) { Headers = { ContentType = new("application/json") } },
        };
        foreach (var (name, value) in webhook.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _anonymous.SendAsync(request);
    }

    private async Task ReconcileAsync()
    {
        using var scope = _factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReconciliationJob>().RunAsync("userjourneys",
            CancellationToken.None);
    }

    private async Task<JsonElement[]> CompletedEventsAsync(string vendorInterviewId)
    {
        var page =
            await _client
                .GetOkAsync($"/v1/events?type=interview.completed&interview_id=userjourneys_{vendorInterviewId}");
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    private async Task<JsonElement[]> WaitForCompletedEventsAsync(string vendorInterviewId, int count)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var events = await CompletedEventsAsync(vendorInterviewId);
            if (events.Length >= count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, events.Length);
                return events;
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> WaitForInterviewAsync(string vendorInterviewId)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            using var response = await _client.GetAsync($"/v1/interviews/userjourneys_{vendorInterviewId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.ReadJsonAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, $"userjourneys_{vendorInterviewId} was not tracked within {Wait}.");
            await Task.Delay(100);
        }
    }
}
