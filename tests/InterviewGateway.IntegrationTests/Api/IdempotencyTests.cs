using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

[Collection(GatewayCollection.Name)]
public sealed class IdempotencyTests
{
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
        await mismatch.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency-conflict");
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
