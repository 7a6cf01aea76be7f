using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// The shared host talks to a scripted Hindsight-compatible server (real API key, https://hindsight.test)
/// through the real adapter and Refit client; the scripted server records requests and answers errors.
[Collection(GatewayCollection.Name)]
public sealed class VendorErrorMappingTests : IAsyncLifetime
{
    private const string Created = """
        {"interview_request_id":4821,"contact_id":"contact_77","deal_id":null,
         "survey_url":"https://app.usehindsight.com/survey?token=t",
         "status":"sent","objective":"Why did we lose?","email_sent_at":null,"created_at":"2026-01-05T10:00:00Z",
         "survey_token":"t"}
        """;

    private readonly GatewayFactory _factory;
    private readonly HttpClient _client;

    public VendorErrorMappingTests(GatewayFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient(GatewayFactory.AllKey);
    }

    public Task InitializeAsync()
    {
        _factory.UseScriptedVendor(true);
        return _factory.ClearVendorPauseAsync();
    }

    public async Task DisposeAsync()
    {
        _factory.UseScriptedVendor(false);
        await _factory.ClearVendorPauseAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Create_get_and_patch_send_the_documented_requests()
    {
        _factory.Vendor.Respond = (request, _) => Task.FromResult(request.Method == HttpMethod.Post
            ? ScriptedVendor.Json(HttpStatusCode.Created, Created)
            : request.Method == HttpMethod.Patch
                ? ScriptedVendor.Json(HttpStatusCode.OK, """{"interview_request_id":4821}""")
                : ScriptedVendor.Json(HttpStatusCode.OK, Created));
        var email = $"{Guid.NewGuid():N}@example.com";
        using (var cleanup = await _client.DeleteAsync("/v1/interviews/hindsight_4821"))
        {
            Assert.True(cleanup.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound);
        }

        using var created = await _client.PostAsync("/v1/interviews", Infrastructure.Api.Json($$$"""
            {"vendor":"hindsight","participant":{"email":"{{{email}}}","name":"Jane Doe"},
             "objective":"Why did we lose?","context":{"deal":"Acme"},"options":{"sequence_id":"seq_9"},
             "metadata":{"crm":"1"}}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("hindsight_4821", (await created.ReadJsonAsync()).GetProperty("id").GetString());

        var post = Assert.Single(_factory.Vendor.Requests);
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal("https://hindsight.test/api/v1/interviews", post.Uri.ToString());
        Assert.Equal("Bearer " + ScriptedVendor.ApiKey, post.Authorization);
        var body = JsonDocument.Parse(post.Body!).RootElement;
        Assert.Equal(email, body.GetProperty("contact_email").GetString());
        Assert.Equal("Jane Doe", body.GetProperty("contact_name").GetString());
        Assert.Equal("Acme", body.GetProperty("contact_context").GetProperty("deal").GetString());
        Assert.Equal("seq_9", body.GetProperty("sequence_id").GetString());
        Assert.Equal("Why did we lose?", body.GetProperty("objective").GetString());
        Assert.Equal(["contact_context", "contact_email", "contact_name", "objective", "sequence_id"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("crm", post.Body, StringComparison.Ordinal); // metadata is never sent to vendors

        await _client.GetOkAsync("/v1/interviews/hindsight_4821?refresh=true");
        var get = _factory.Vendor.Requests[1];
        Assert.Equal(HttpMethod.Get, get.Method);
        Assert.Equal("https://hindsight.test/api/v1/interviews/4821", get.Uri.ToString());
        Assert.Equal("Bearer " + ScriptedVendor.ApiKey, get.Authorization);

        await _client.PatchOkAsync("/v1/interviews/hindsight_4821", """{"participant":{"name":"Janet"}}""");
        var patch = _factory.Vendor.Requests[2];
        Assert.Equal(HttpMethod.Patch, patch.Method);
        Assert.Equal("https://hindsight.test/api/v1/interviews/4821", patch.Uri.ToString());
        Assert.Equal("Bearer " + ScriptedVendor.ApiKey, patch.Authorization);
        Assert.Equal("""{"contact_name":"Janet"}""", patch.Body);

        using var deleted = await _client.DeleteAsync("/v1/interviews/hindsight_4821");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(3, _factory.Vendor.Requests.Count); // untracking does not touch the vendor
    }

    [Theory]
    [InlineData(400, 422, "vendor-unsupported-operation")]
    [InlineData(401, 502, "vendor-error")]
    [InlineData(500, 502, "vendor-error")]
    public async Task Vendor_errors_on_create_map_to_gateway_problems_without_retrying(int vendorStatus, int status,
        string type)
    {
        _factory.Vendor.Respond = (_, _) => Task.FromResult(ScriptedVendor.Error((HttpStatusCode)vendorStatus));
        using var response = await CreateAsync();
        var problem = await response.AssertProblemAsync((HttpStatusCode)status, type);
        Assert.Contains("Hindsight", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertVendorBodyNotEchoedAsync(response);
        Assert.Single(_factory.Vendor.Requests); // POST is never retried
    }

    [Fact]
    public async Task Vendor_404_on_track_is_404()
    {
        _factory.Vendor.Respond = (_, _) => Task.FromResult(ScriptedVendor.Error(HttpStatusCode.NotFound));
        using var response = await _client.PostAsync("/v1/interviews/track",
            Infrastructure.Api.Json("""{"vendor":"hindsight","vendor_interview_id":"31337"}"""));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await AssertVendorBodyNotEchoedAsync(response);
        Assert.Equal("https://hindsight.test/api/v1/interviews/31337", _factory.Vendor.Requests[0].Uri.ToString());
    }

    [Fact]
    public async Task Vendor_429_is_503_with_the_vendors_retry_after()
    {
        _factory.Vendor.Respond = (_, _) =>
        {
            var response = ScriptedVendor.Error(HttpStatusCode.TooManyRequests);
            response.Headers.Add("Retry-After", "7");
            return Task.FromResult(response);
        };
        using var response = await CreateAsync();
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "vendor-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        await AssertVendorBodyNotEchoedAsync(response);

        // The vendor is now paused: the next call is refused without reaching it.
        using var paused = await CreateAsync();
        await paused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "vendor-unavailable");
        Assert.NotNull(paused.Headers.RetryAfter?.Delta);
        Assert.Single(_factory.Vendor.Requests);
    }

    [Fact]
    public async Task Vendor_timeout_is_504()
    {
        _factory.Vendor.Respond = async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return ScriptedVendor.Json(HttpStatusCode.Created, Created);
        };
        using var response = await CreateAsync();
        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, "vendor-timeout");
    }

    [Fact]
    public async Task Connection_refused_is_503()
    {
        _factory.Vendor.Respond = (_, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (hindsight.test:443)",
            new SocketException((int)SocketError.ConnectionRefused));
        using var response = await CreateAsync();
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "vendor-unavailable");
        Assert.DoesNotContain("hindsight.test", problem.GetRawText(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> CreateAsync() =>
        _client.PostAsync("/v1/interviews",
        Infrastructure.Api.Json(Infrastructure.Api.CreateBody($"{Guid.NewGuid():N}@example.com")));

    private static async Task AssertVendorBodyNotEchoedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(ScriptedVendor.SecretMarker, text, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted", text, StringComparison.Ordinal);
    }
}
