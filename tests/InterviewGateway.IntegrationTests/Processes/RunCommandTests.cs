using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using Microsoft.AspNetCore.Builder;

namespace InterviewGateway.IntegrationTests.Processes;

/// The README's run command, as a newcomer uses it: Development, no Redis, no keys, sandbox vendors.
/// The whole loop must work: a printed key, a subscription to the built-in receiver, a sandbox interview
/// that completes on its own, and a signed interview.completed that the receiver verified.
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task The_gateway_runs_with_no_configuration_and_a_sandbox_completion_reaches_the_builtin_receiver()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Sandbox:Hindsight:CompletionDelay"] = "00:00:02",
            ["Polling:Cadence:0"] = "00:00:01",
        }, development: true);
        var key = DevKey().Match(string.Join("\n", gateway.Output)).Value;
        Assert.StartsWith("igw_dev_", key);
        Assert.Contains(gateway.Output, l => l.Contains("/swagger", StringComparison.Ordinal));

        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var vendors = await client.GetOkAsync("/v1/vendors");
        Assert.All(vendors.GetProperty("data").EnumerateArray(),
            v => Assert.True(v.GetProperty("sandbox").GetBoolean()));
        Assert.Equal(RegisteredVendorIds(),
            vendors.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("vendor").GetString()!).Order());

        var receiver = $"{gateway.BaseAddress}sandbox/webhook-receiver/newcomer";
        using var subscribed = await client.PostAsync("/v1/subscriptions",
            Infrastructure.Api.Json($$"""{"url":"{{receiver}}"}"""));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var interview = await client.CreateInterviewAsync();
        var id = interview.GetProperty("id").GetString()!;

        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var received = await client.GetOkAsync("/sandbox/webhook-receiver/newcomer");
            var match =
                received.EnumerateArray().FirstOrDefault(r =>
                    r.GetProperty("body").GetString()!.Contains(id, StringComparison.Ordinal));
            if (match.ValueKind != System.Text.Json.JsonValueKind.Undefined)
            {
                Assert.True(match.GetProperty("signature_valid").GetBoolean());
                Assert.Contains("interview.completed", match.GetProperty("body").GetString(), StringComparison.Ordinal);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline,
                "no interview.completed reached the built-in receiver:\n" + string.Join("\n", gateway.Output));
            await Task.Delay(250);
        }

        Assert.DoesNotContain(gateway.Output, l => l.StartsWith("fail:", StringComparison.Ordinal)
            || l.StartsWith("crit:", StringComparison.Ordinal));
    }

    /// Every vendor the gateway registers (the same AddVendors call GatewayBuilder makes), so a new vendor
    /// must run in the sandbox too.
    private static IEnumerable<string> RegisteredVendorIds()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddGatewayStorage();
        return builder.AddVendors().All.Select(d => d.Key.Value).Order();
    }

    [GeneratedRegex("igw_dev_[0-9a-f]{32}")]
    private static partial Regex DevKey();
}
