using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// The files people copy: InterviewGateway.http must only call operations the document has, and
/// docker-compose.yml must keep the production shape the README promises (checked as text: no Docker here;
/// `docker compose config` is how a reviewer validates it).
[Collection(GatewayCollection.Name)]
public sealed partial class DeploymentFilesTests(GatewayFactory factory)
{
    [Fact]
    public async Task Every_request_in_the_http_file_is_an_operation_of_the_document_or_the_sandbox()
    {
        using var client = factory.CreateClient(apiKey: null);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Select(o => (Method: o.Name.ToUpperInvariant(), Path: Pattern(p.Name))))
            .ToArray();

        var http = await File.ReadAllTextAsync(Path.Combine(OpenApiTests.RepositoryRoot(), "InterviewGateway.http"));
        var requests = RequestLine().Matches(http)
            .Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value.Split('?')[0]))
            .ToArray();
        Assert.True(requests.Length >= 15, $"only {requests.Length} requests found");
        var unknown = requests.Where(r => !r.Path.StartsWith("/sandbox/", StringComparison.Ordinal)
            && !operations.Any(o => o.Method == r.Method
                && o.Path.IsMatch(Regex.Replace(r.Path, @"\{\{[^}]+\}\}", "x"))))
            .Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.True(unknown.Length == 0, "not in the OpenAPI document: " + string.Join(", ", unknown));

        // Deny by default: every request a newcomer sends, sandbox control routes included, carries the key.
        var keyless = http.Split("###").Where(block => RequestLine().IsMatch(block)
                && !block.Contains("\nAuthorization: Bearer {{key}}", StringComparison.Ordinal))
            .Select(block => RequestLine().Match(block).Value).ToArray();
        Assert.True(keyless.Length == 0, "requests without the API key: " + string.Join(", ", keyless));
    }

    [Fact]
    public async Task The_compose_file_runs_two_gateways_on_one_durable_redis_without_the_sandbox_by_default()
    {
        var compose = await File.ReadAllTextAsync(Path.Combine(OpenApiTests.RepositoryRoot(), "docker-compose.yml"));
        Assert.Contains("\"--appendonly\", \"yes\"", compose, StringComparison.Ordinal);
        Assert.Contains("\"--maxmemory-policy\", \"noeviction\"", compose, StringComparison.Ordinal);
        Assert.Contains("${GATEWAY_API_KEY:?", compose, StringComparison.Ordinal);
        Assert.Contains("test: [\"CMD\", \"dotnet\", \"InterviewGateway.dll\", \"--health\"]", compose,
            StringComparison.Ordinal);
        Assert.Contains("  gateway-1:", compose, StringComparison.Ordinal);
        Assert.Contains("  gateway-2:", compose, StringComparison.Ordinal);
        Assert.Contains("- \"8080:8080\"", compose, StringComparison.Ordinal);
        Assert.Contains("- \"8081:8080\"", compose, StringComparison.Ordinal);
        // The shared environment turns the sandbox off; only the demo profile's instance turns it on.
        Assert.Equal(1, compose.Split("Sandbox__Enabled: \"false\"").Length - 1);
        var demoAt = compose.IndexOf("  gateway-demo:", StringComparison.Ordinal);
        var demo = compose[demoAt..];
        Assert.Contains("profiles: [\"demo\"]", demo, StringComparison.Ordinal);
        Assert.Contains("Sandbox__Enabled: \"true\"", demo, StringComparison.Ordinal);
        Assert.DoesNotContain("Sandbox__Enabled: \"true\"", compose[..demoAt], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_image_tiers_up_hot_code_without_waiting_for_a_quiet_moment()
    {
        // Issue 20: with the runtime's 100 ms wait, a gateway under steady load kept its hot path in
        // unoptimized code long after start-up (docs/operations.md, "Runtime settings").
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(OpenApiTests.RepositoryRoot(), "Dockerfile"));
        Assert.Matches(@"(?m)^ENV [^#]*\s+DOTNET_TC_CallCountingDelayMs=0\s*$", dockerfile);
    }

    private static Regex Pattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal),
            "{[^/}]+}", "[^/]+") + "/?$");

    [GeneratedRegex(@"^(?<method>GET|POST|PATCH|PUT|DELETE) \{\{gw\}\}(?<path>\S+)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();
}
