using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;
using InterviewGateway.SampleSubscriber;
using Microsoft.AspNetCore.Builder;
using StandardWebhooks;

namespace InterviewGateway.IntegrationTests.Samples;

/// samples/InterviewGateway.SampleSubscriber against the gateway over real loopback HTTP: it verifies real
/// deliveries with the StandardWebhooks package, dedupes a redelivery on webhook-id, keeps the newest
/// snapshot by sequence, and refuses a body signed with another secret.
[Collection(GatewayCollection.Name)]
public sealed class SampleSubscriberTests(GatewayFactory factory) : IAsyncLifetime
{
    private readonly IInterviewGatewayClient _gateway = factory.CreateGatewayClient();
    private readonly string _baseUrl = $"http://127.0.0.1:{GatewayProcess.FreePort()}";
    private string _subscription = null!;
    private string _secret = null!;
    private WebApplication _sample = null!;
    private HttpClient _sampleClient = null!;

    public async Task InitializeAsync()
    {
        factory.ResetForTest();
        var created = await _gateway.CreateSubscriptionAsync(new CreateSubscriptionRequest($"{_baseUrl}/webhooks",
            ["interview.completed", "interview.status_changed"], Payload: PayloadMode.Full));
        _subscription = created.Id;
        _secret = created.Secret;
        // As an operator starts it: the secret from configuration, listening where the subscription points.
        _sample = SubscriberApp.Build(["--urls", _baseUrl, "--Subscriber:Secret", _secret]);
        await _sample.StartAsync();
        _sampleClient = new HttpClient { BaseAddress = new Uri(_baseUrl) };
    }

    public async Task DisposeAsync()
    {
        await _gateway.DeleteSubscriptionAsync(_subscription);
        _sampleClient.Dispose();
        await _sample.DisposeAsync();
    }

    [Fact]
    public async Task The_sample_verifies_dedupes_and_orders_real_deliveries()
    {
        var id = await _gateway.CompleteSandboxInterviewAsync(factory);

        // Both events arrive, verified by the package, and the snapshot is the newest one.
        var state = await WaitForAsync(async () =>
            await _sampleClient.GetAsync($"/interviews/{id}") is { StatusCode: HttpStatusCode.OK } r
            && await r.ReadJsonAsync() is var s && s.GetProperty("completedHandled").GetBoolean()
            && await StatsAsync() is var stats
            && stats.GetProperty("applied").GetInt32() + stats.GetProperty("stale").GetInt32() >= 2
                ? s : (JsonElement?)null);
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var events = await _gateway.ListEventsAsync(new EventQuery(InterviewId: id)).ToListAsync();
        Assert.Equal(events.Max(e => e.Sequence), state.GetProperty("sequence").GetInt64());
        var before = await StatsAsync();
        Assert.Equal(0, before.GetProperty("rejected").GetInt32());

        // A manual redelivery carries the same webhook-id: acknowledged (2xx) and counted as a duplicate.
        var completed = events.OfType<InterviewCompleted>().Single();
        var attempt = await _gateway.RetryDeliveryAsync(_subscription, completed.Id);
        Assert.Equal(DeliveryStatus.Succeeded, attempt.Status);
        Assert.Equal(before.GetProperty("duplicates").GetInt32() + 1,
            (await StatsAsync()).GetProperty("duplicates").GetInt32());

        // An older event (lower sequence) that arrives late, correctly signed, does not overwrite the snapshot.
        var late = JsonNode.Parse(JsonSerializer.Serialize(await EventBodyAsync(id, completed.Id)))!;
        late["id"] = "evt_late_0001";
        late["type"] = "interview.status_changed";
        late["sequence"] = 0;
        late["data"]!["interview"]!["status"] = "invited";
        using var stale = await PostSignedAsync(late.ToJsonString(), "evt_late_0001", _secret);
        Assert.Equal(HttpStatusCode.NoContent, stale.StatusCode);
        Assert.Equal(before.GetProperty("stale").GetInt32() + 1, (await StatsAsync()).GetProperty("stale").GetInt32());
        var kept = await _sampleClient.GetFromJsonAsync<JsonElement>($"/interviews/{id}");
        Assert.Equal("completed", kept.GetProperty("status").GetString());

        // Signed with another secret: refused, and nothing changes.
        var otherSecret = "whsec_" + Convert.ToBase64String(new byte[32]);
        using var forged = await PostSignedAsync(late.ToJsonString(), "evt_forged_0001", otherSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        // Correctly signed, but 10 minutes old: a replay, refused by the package's timestamp tolerance.
        using var replayed =
            await PostSignedAsync(late.ToJsonString(), "evt_replay_0001", _secret, TimeSpan.FromMinutes(-10));
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(2, (await StatsAsync()).GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task A_test_send_reaches_the_sample_and_changes_no_interview()
    {
        var attempt = await _gateway.TestSubscriptionAsync(_subscription);
        Assert.Equal(DeliveryStatus.Succeeded, attempt.Status);
        Assert.Equal(204, attempt.StatusCode);
        // A sample of an interview type is a realistic interview body: only data.sample keeps it from being applied.
        var completed = await _gateway.TestSubscriptionAsync(_subscription, "interview.completed");
        Assert.Equal(DeliveryStatus.Succeeded, completed.Status);
        var stats = await StatsAsync();
        Assert.Equal(2, stats.GetProperty("recorded").GetInt32());
        Assert.Equal(0, stats.GetProperty("applied").GetInt32());
        // The sample interview's id is the documentation example's; the sample records but never applies it.
        Assert.Equal(HttpStatusCode.NotFound, (await _sampleClient.GetAsync("/interviews/hindsight_4821")).StatusCode);
    }

    private async Task<HttpResponseMessage> PostSignedAsync(
        string body, string webhookId, string secret, TimeSpan age = default)
    {
        var at = DateTimeOffset.UtcNow + age;
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(webhookId, at, body));
        return await _sampleClient.SendAsync(request);
    }

    /// The stored body of one event, as raw JSON (the late copy below is an edited original).
    private async Task<JsonElement> EventBodyAsync(string interviewId, string eventId)
    {
        using var raw = factory.CreateClient(GatewayFactory.AllKey);
        var listed = await raw.GetOkAsync($"/v1/events?interview_id={interviewId}");
        return listed.GetProperty("data").EnumerateArray().Single(e => e.GetProperty("id").GetString() == eventId);
    }

    private async Task<JsonElement> StatsAsync() => await _sampleClient.GetFromJsonAsync<JsonElement>("/stats");

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement?>> probe)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await probe() is { } done)
            {
                return done;
            }
        }

        throw new TimeoutException("the sample subscriber did not get both events within 30 s");
    }
}
