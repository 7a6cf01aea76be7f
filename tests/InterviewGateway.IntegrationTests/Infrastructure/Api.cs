using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Small helpers for calling the gateway and checking its answers.
public static class Api
{
    public const string ProblemBase = "https://interviewgateway.dev/problems/";

    public static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static string CreateBody(string email, string? name = "Jane Doe", string? metadata = null,
        string options = """{"sequence_id":"seq_1"}""") =>
            $$"""
            {"vendor":"hindsight","participant":{"email":"{{email}}"{{(name is null ? "" : $",\"name\":\"{name}\"")}}},
         "objective":"Why did we lose?","context":{"deal":"Acme"},
         "options":{{options}}{{(metadata is null ? "" : $",\"metadata\":{metadata}")}}}
        """;

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> CreateInterviewAsync(this HttpClient client, string? email = null,
        string? name = "Jane Doe", string? metadata = null)
    {
        using var response = await client.PostAsync("/v1/interviews",
            Json(CreateBody(email ?? $"{Guid.NewGuid():N}@example.com", name, metadata)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// Creates a sandbox Hindsight interview and completes it by a refresh; returns its id.
    internal static async Task<string> CompleteSandboxInterviewAsync(this HttpClient client, GatewayFactory factory)
    {
        var created = await client.CreateInterviewAsync();
        var id = created.GetProperty("id").GetString()!;
        var vendorId = long.Parse(
            created.GetProperty("vendor_interview_id").GetString()!, CultureInfo.InvariantCulture);
        factory.Simulator.CompleteAt(vendorId, DateTimeOffset.UtcNow.AddSeconds(-1));
        await client.GetOkAsync($"/v1/interviews/{id}?refresh=true");
        return id;
    }

    /// Registers `subscriber` with the given extra subscription fields (JSON members after the url),
    /// hands it the signing secret, and returns the subscription id.
    public static async Task<string> SubscribeAsync(this HttpClient client, TestSubscriber subscriber,
        string fields = "")
    {
        var extra = fields.Length == 0 ? "" : "," + fields;
        using var response = await client.PostAsync("/v1/subscriptions",
            Json($"{{\"url\":\"{subscriber.Url}\"{extra}}}"));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.GetRawText());
        subscriber.Secret = body.GetProperty("secret").GetString();
        Assert.StartsWith("whsec_", subscriber.Secret);
        return body.GetProperty("id").GetString()!;
    }

    /// Starts recover (202 with Location: /v1/operations/{id}) and returns the operation once it finished.
    public static async Task<JsonElement> RecoverAsync(this HttpClient client, string subscription, string since)
    {
        using var response = await client.PostAsync($"/v1/subscriptions/{subscription}/recover",
            Json($$"""{"since":"{{since}}"}"""));
        var started = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, started.GetRawText());
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/operations/{id}", response.Headers.Location?.OriginalString);
        return await client.WaitForOperationAsync(id);
    }

    public static async Task<JsonElement> WaitForOperationAsync(this HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var operation = await client.GetOkAsync($"/v1/operations/{id}");
            if (operation.GetProperty("state").GetString() != "running")
            {
                return operation;
            }

            Assert.True(DateTime.UtcNow < deadline, $"operation {id} is still running: {operation}");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> PatchOkAsync(this HttpClient client, string url, string json)
    {
        using var response = await client.PatchAsync(url, Json(json, "application/merge-patch+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// Asserts a problem+json answer with the stable type and, for validation, the error key.
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status,
        string type, string? errorKey = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(ProblemBase + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("trace_id").GetString()));
        if (errorKey is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(errorKey, out _),
                $"Expected an error keyed '{errorKey}': {text}");
        }

        return problem;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null,
        string? apiKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }
}
