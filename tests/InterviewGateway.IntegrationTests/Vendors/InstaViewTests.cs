using System.Net;
using System.Text;
using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Inbound;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using InterviewGateway.Vendors.InstaView.Simulator;

// Not `.Vendors`: that namespace would shadow `Vendors.VendorOptions` as other test files spell it.
namespace InterviewGateway.IntegrationTests;

/// The InstaView loop on the shared host: create at the simulator, its webhook (token-authenticated),
/// the Hangfire follow-up, replays, outages, reconciliation of a lost webhook and the 403 mapping.
[Collection(GatewayCollection.Name)]
public sealed class InstaViewTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;
    private readonly InstaViewSimulator _simulator;

    public InstaViewTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
        _client = factory.CreateClient(GatewayFactory.AllKey);
        _simulator = factory.InstaViewSendingToHost();
        // 60/min spaces vendor calls a second apart; the simulator allows far more in a test's few seconds.
        factory.Services.GetRequiredService<IConfiguration>()["Vendors:InstaView:RequestsPerMinute"] = "600";
        factory.Services.GetRequiredService<IOptionsMonitorCache<VendorOptions>>()
            .TryRemove(InstaViewVendor.VendorKey.Value);
    }

    [Fact]
    public async Task A_test_interview_completes_through_its_webhook_with_exactly_one_completed_event()
    {
        var created = await CreateAsync("""{"agentId":"agent-1","isTest":true}""");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.True(created.GetProperty("is_test").GetBoolean());
        Assert.Equal("webhook", created.GetProperty("tracking").GetProperty("mode").GetString());
        Assert.False(string
            .IsNullOrEmpty(created.GetProperty("participant").GetProperty("vendor_participant_id").GetString()));

        await WaitForAsync(async () => (await CompletedEventsAsync(id)).Count > 0);
        var interview = await _client.GetOkAsync($"/v1/interviews/{id}");
        Assert.Equal("completed", interview.GetProperty("status").GetString());
        Assert.Equal("COMPLETED", interview.GetProperty("vendor_status").GetString());
        Assert.Equal(720, interview.GetProperty("duration_seconds").GetInt32());
        Assert.StartsWith("Strong communicator", interview.GetProperty("summary").GetString(),
            StringComparison.Ordinal);
        Assert.True(interview.GetProperty("transcript_available").GetBoolean());
        Assert.Equal(78, interview.GetProperty("analysis").GetProperty("general").GetProperty("score").GetInt32());
        Assert.Equal("Jane", interview.GetProperty("participant").GetProperty("name").GetString()!.Split(' ')[0]);
        var transcript = await _client.GetOkAsync($"/v1/interviews/{id}/transcript");
        Assert.Equal("interviewer", transcript.GetProperty("turns")[0].GetProperty("speaker").GetString());

        await _factory.WaitUntilIdleAsync(); // a second completion would have been stored by now
        Assert.Equal(["vendor_webhook"], await CompletedEventsAsync(id));
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_401_and_nothing_is_stored()
    {
        var vendorId = _simulator.Seed(status: "COMPLETED");
        var (wrong, _) = await _simulator.SendWebhookAsync(vendorId, token: "not-the-token");
        Assert.Equal(401, wrong);

        using var missing = await _factory.Server.CreateClient().PostAsync("/v1/vendor-webhooks/instaview",
            new StringContent(
                $$$"""{"event":"interview.completed","deliveryId":"dlv_x","data":{"interviewId":"{{{vendorId}}}"}}""",
                Encoding.UTF8, "application/json"));
        await missing.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        await _factory.WaitUntilIdleAsync(); // a follow-up accepted by mistake would have run by now
        using var get = await _client.GetAsync($"/v1/interviews/instaview_{vendorId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(await CompletedEventsAsync($"instaview_{vendorId}"));
        Assert.DoesNotContain(_simulator.Requests.Snapshot(), r => r.Path.Contains(vendorId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_for_an_untracked_interview_starts_tracking_it_and_a_replay_adds_nothing()
    {
        var vendorId = _simulator.Seed(status: "COMPLETED");
        var (first, deliveryId) = await _simulator.SendWebhookAsync(vendorId);
        var (replay, _) = await _simulator.SendWebhookAsync(vendorId, deliveryId: deliveryId);
        Assert.Equal((202, 202), (first, replay));

        var id = $"instaview_{vendorId}";
        await WaitForAsync(async () => (await CompletedEventsAsync(id)).Count > 0);
        var interview = await _client.GetOkAsync($"/v1/interviews/{id}");
        Assert.Equal("completed", interview.GetProperty("status").GetString());
        await _factory.WaitUntilIdleAsync(); // the replay's follow-up, had it been accepted, would have run
        Assert.Equal(["vendor_webhook"], await CompletedEventsAsync(id));
        Assert.Equal(1,
            _simulator.Requests.Snapshot().Count(r => r.Method == "GET"
            && r.Path.Contains(vendorId, StringComparison.Ordinal)));
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_webhook_that_arrives_while_the_vendor_is_down_completes_when_the_follow_up_is_retried()
    {
        var created = await CreateAsync("""{"agentId":"agent-1"}""");
        var id = created.GetProperty("id").GetString()!;
        var vendorId = created.GetProperty("vendor_interview_id").GetString()!;
        await _simulator.CompleteAsync(vendorId, sendWebhook: false);
        _simulator.FailNextGets(int.MaxValue);

        var (status, _) = await _simulator.SendWebhookAsync(vendorId);
        Assert.Equal(202, status);
        // The queue's first attempt meets the outage and puts the follow-up back (a 5xx is transient).
        await WaitForAsync(() =>
            Task.FromResult(_simulator.Requests.Snapshot().Any(r => r.Status == 503
            && r.Path.Contains(vendorId, StringComparison.Ordinal))));
        Assert.Equal("scheduled",
            (await _client.GetOkAsync($"/v1/interviews/{id}")).GetProperty("status").GetString());

        // The vendor recovers: the queue's own retry, after its backoff, completes the interview.
        _simulator.FailNextGets(0);
        await WaitForAsync(async () => (await CompletedEventsAsync(id)).Count > 0);
        Assert.Equal("completed", (await _client.GetOkAsync($"/v1/interviews/{id}")).GetProperty("status").GetString());
        Assert.Equal(["vendor_webhook"], await CompletedEventsAsync(id));
    }

    [Fact]
    public async Task A_lost_webhook_is_caught_by_reconciliation_without_duplicate_events()
    {
        var created = await CreateAsync("""{"agentId":"agent-1"}""");
        var id = created.GetProperty("id").GetString()!;
        var vendorId = created.GetProperty("vendor_interview_id").GetString()!;
        var candidate = created.GetProperty("participant").GetProperty("vendor_participant_id").GetString()!;
        await _simulator.CompleteAsync(vendorId, sendWebhook: false);

        await ReconcileAsync();
        Assert.Equal("completed", (await _client.GetOkAsync($"/v1/interviews/{id}")).GetProperty("status").GetString());
        Assert.Contains(_simulator.Requests.Snapshot(), r => r.Method == "GET"
            && r.Path.Contains($"candidateId={candidate}", StringComparison.Ordinal));
        await ReconcileAsync();
        Assert.Equal(["reconcile"], await CompletedEventsAsync(id));
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Another_company_interview_is_a_404_that_names_the_company_setting()
    {
        var vendorId = _simulator.Seed(company: "another-company");
        using var response = await _client.PostAsync("/v1/interviews/track",
            Infrastructure.Api.Json($$"""{"vendor":"instaview","vendor_interview_id":"{{vendorId}}"}"""));
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("another company", detail, StringComparison.Ordinal);
        Assert.Contains("Vendors:InstaView:CompanyId", detail, StringComparison.Ordinal);
        Assert.Contains(_simulator.Requests.Snapshot(), r => r.Status == 403
            && r.Path.Contains(vendorId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_without_an_agent_is_a_400_before_any_vendor_call()
    {
        var before = _simulator.Requests.Snapshot().Count(r => r.Method == "POST");
        using var response = await _client.PostAsync("/v1/interviews",
            Infrastructure.Api.Json(CreateBody("""{"isTest":true}""")));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation", "options.agentId");
        Assert.Equal(before, _simulator.Requests.Snapshot().Count(r => r.Method == "POST"));
    }

    private async Task<JsonElement> CreateAsync(string options)
    {
        using var response = await _client.PostAsync("/v1/interviews", Infrastructure.Api.Json(CreateBody(options)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string CreateBody(string options) =>
        """{"vendor":"instaview","participant":"""
        + $$"""{"name":"Jane Doe","email":"{{Guid.NewGuid():N}}@example.com"},"options":{{options}}}""";

    /// The detected_by of each interview.completed event of the interview (the path that found it).
    private async Task<List<string?>> CompletedEventsAsync(string interviewId)
    {
        var events = await _client.GetOkAsync($"/v1/events?interview_id={interviewId}&limit=100");
        return [.. events.GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "interview.completed")
            .Select(e => e.GetProperty("data").GetProperty("detected_by").GetString())];
    }

    private async Task ReconcileAsync()
    {
        using var scope = _factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReconciliationJob>().RunAsync("instaview",
            CancellationToken.None);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the condition.");
            await Task.Delay(100);
        }
    }
}
