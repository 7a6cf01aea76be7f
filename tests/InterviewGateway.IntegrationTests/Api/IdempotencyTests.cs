using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class IdempotencyTests
{
    private const string ScriptedCreated = """
        {"interview_request_id":4821,"contact_id":"contact_77","deal_id":null,
         "survey_url":"https://app.usehindsight.com/survey?token=t",
         "status":"sent","objective":"Why did we lose?","email_sent_at":null,"created_at":"2026-01-05T10:00:00Z",
         "survey_token":"t"}
        """;

    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;

    public IdempotencyTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
        _client = factory.CreateClient(GatewayFactory.AllKey);
    }

    [Fact]
    public async Task Same_key_and_body_replays_the_first_response_without_calling_the_vendor_again()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = Infrastructure.Api.CreateBody($"{key}@example.com");
        var postsBefore = VendorPosts();

        using var first = await PostAsync(key, body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var created = await first.ReadJsonAsync();

        using var replay = await PostAsync(key, body);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        var replayed = await replay.ReadJsonAsync();
        Assert.Equal(created.GetProperty("id").GetString(), replayed.GetProperty("id").GetString());
        Assert.Equal(postsBefore + 1, VendorPosts());

        using var mismatch = await PostAsync(key, Infrastructure.Api.CreateBody($"other-{key}@example.com"));
        await mismatch.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(postsBefore + 1, VendorPosts());

        // Keys are scoped per API key: another caller's identical key is a new request.
        using var writer = _factory.CreateClient(GatewayFactory.WriteKey);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            "/v1/interviews") { Content = Infrastructure.Api.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var otherCaller = await writer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, otherCaller.StatusCode);
        Assert.False(otherCaller.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(postsBefore + 2, VendorPosts());
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    /// The vendor holds the first create until the test lets it go: meanwhile the same request is told to
    /// wait (409), and a different one under the same key is refused for good (422).
    [Fact]
    public async Task A_request_still_running_gets_409_and_a_reused_key_with_another_body_gets_422()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = Infrastructure.Api.CreateBody($"{key}@example.com");
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _factory.UseScriptedVendor(true);
        try
        {
            using (var cleanup = await _client.DeleteAsync("/v1/interviews/hindsight_4821"))
            {
                Assert.True(cleanup.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound);
            }

            _factory.Vendor.Respond = async (_, ct) =>
            {
                await released.Task.WaitAsync(ct);
                return ScriptedVendor.Json(HttpStatusCode.Created, ScriptedCreated);
            };
            var first = PostAsync(key, body);
            while (_factory.Vendor.Requests.Count == 0)
            {
                Assert.False(first.IsCompleted, "The first request finished before the vendor saw it.");
                await Task.Delay(10);
            }

            using (var running = await PostAsync(key, body))
            {
                await running.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency-conflict");
            }

            using (var reused = await PostAsync(key, Infrastructure.Api.CreateBody($"other-{key}@example.com")))
            {
                await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
            }

            released.SetResult();
            using var created = await first;
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var replay = await PostAsync(key, body);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Single(_factory.Vendor.Requests);
        }
        finally
        {
            released.TrySetResult();
            _factory.UseScriptedVendor(false);
        }

        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task A_failed_request_is_not_remembered()
    {
        var key = Guid.NewGuid().ToString("N");
        using var invalid = await PostAsync(key,
            Infrastructure.Api.CreateBody($"{key}@example.com",
            options: """{"sequence_id":"s","interview_type_id":"t"}"""));
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation", "options");

        using var retry = await PostAsync(key, Infrastructure.Api.CreateBody($"{key}@example.com"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post,
            "/v1/interviews") { Content = Infrastructure.Api.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private int VendorPosts() => _factory.Simulator.Requests.Snapshot().Count(r => r.Method == "POST");
}
