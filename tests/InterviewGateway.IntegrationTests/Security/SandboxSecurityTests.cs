using System.Net;
using System.Text;
using InterviewGateway.Delivery;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.IntegrationTests.Security;

/// The sandbox opens no door: its control routes and the receiver's reading need a gateway key, the
/// receiver keeps only deliveries that verify, and the simulators' keys and secrets are this deployment's own.
[Collection(GatewayCollection.Name)]
public sealed class SandboxSecurityTests : IDisposable
{
    private readonly GatewayFactory _factory;
    private readonly HttpClient _anonymous;

    public SandboxSecurityTests(GatewayFactory factory)
    {
        (_factory, _anonymous) = (factory, factory.CreateClient(apiKey: null));
        factory.ResetForTest();
    }

    public void Dispose() => _anonymous.Dispose();

    private SandboxCredentials Credentials => _factory.Services.GetRequiredService<SandboxCredentials>();

    [Fact]
    public async Task Starting_a_respondent_interview_needs_a_key_that_may_create_interviews()
    {
        const string path = "/sandbox/userjourneys/studies/e5f6a7b8-0000-56cd-ef78-222222222222/respond?reference_id=x";
        using var anonymous = await _anonymous.PostAsync(path, null);
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var reader = await _factory.CreateClient(GatewayFactory.ReadKey).PostAsync(path, null);
        await reader.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var vendorKey = new HttpRequestMessage(HttpMethod.Post, path);
        vendorKey.Headers.Authorization = new("Bearer", Credentials.ApiKey(UserJourneysVendor.VendorKey));
        using var withVendorKey = await _anonymous.SendAsync(vendorKey);
        Assert.Equal(HttpStatusCode.Unauthorized, withVendorKey.StatusCode);

        using var writer = await _factory.CreateClient(GatewayFactory.WriteKey).PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Created, writer.StatusCode);
        _factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task The_receiver_keeps_only_verified_deliveries_and_only_a_key_reads_them()
    {
        var name = $"r{Guid.NewGuid():N}";
        var path = $"/sandbox/webhook-receiver/{name}";
        using var admin = _factory.CreateClient(GatewayFactory.AllKey);
        using var subscribed = await admin.PostAsync("/v1/subscriptions",
            Infrastructure.Api.Json($$"""{"url":"http://localhost{{path}}"}"""));
        var secret = (await subscribed.ReadJsonAsync()).GetProperty("secret").GetString()!;
        const string body = """{"type":"interview.completed"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var otherSecret = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(path, otherSecret, now, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(path, secret, now - 3600, body)).StatusCode);
        using var unsigned = await _anonymous.PostAsync(path, Infrastructure.Api.Json(body));
        await unsigned.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.NoContent, (await PostSignedAsync(path, secret, now, body)).StatusCode);
        // A receiver holds only its own subscription's secret: the same delivery to another name is refused.
        var elsewhere = path + "-elsewhere";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(elsewhere, secret, now, body)).StatusCode);
        Assert.Equal(0, (await _factory.CreateClient(GatewayFactory.ReadKey).GetOkAsync(elsewhere)).GetArrayLength());

        using var anonymousRead = await _anonymous.GetAsync(path);
        await anonymousRead.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var writerRead = await _factory.CreateClient(GatewayFactory.WriteKey).GetAsync(path);
        await writerRead.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var kept = await _factory.CreateClient(GatewayFactory.ReadKey).GetOkAsync(path);
        Assert.Equal(1, kept.GetArrayLength());
        Assert.True(kept[0].GetProperty("signature_valid").GetBoolean());
    }

    [Fact]
    public async Task The_old_fixed_sandbox_secrets_open_nothing_and_this_deployments_do()
    {
        (string Vendor, string Api)[] apis =
        [
            ("hindsight", "api/v1/interviews/1"),
            ("instaview", "v1/interviews/x"),
            ("userjourneys", "api/v1/interviews/x"),
        ];
        foreach (var (vendor, api) in apis)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/{vendor}/{api}");
            request.Headers.Authorization = new("Bearer", $"sandbox_{vendor}_key");
            using var response = await _anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var instaview = Post("/v1/vendor-webhooks/instaview", """{"event":"ping"}""");
        instaview.Headers.Add(InstaViewWebhookReceiver.TokenHeader, "sandbox_instaview_webhook_secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendAsync(instaview)).StatusCode);

        var completed = $$"""{"event":"interview.completed","interview_id":"{{Guid.Empty}}"}""";
        using var userjourneys = Post("/v1/vendor-webhooks/userjourneys", completed);
        var oldSignature = WebhookSignatures.SignHex(
            "sandbox_userjourneys_webhook_secret", Encoding.UTF8.GetBytes(completed));
        userjourneys.Headers.Add(UserJourneysWebhookReceiver.SignatureHeader, "sha256=" + oldSignature);
        userjourneys.Headers.Add(UserJourneysWebhookReceiver.EventHeader, "interview.completed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendAsync(userjourneys)).StatusCode);

        using var ping = Post("/v1/vendor-webhooks/instaview", """{"event":"ping"}""");
        ping.Headers.Add(InstaViewWebhookReceiver.TokenHeader, Credentials.WebhookSecret(InstaViewVendor.VendorKey));
        Assert.Equal(HttpStatusCode.Accepted, (await _anonymous.SendAsync(ping)).StatusCode);
        using var own = new HttpRequestMessage(HttpMethod.Get, "/sandbox/hindsight/api/v1/interviews/1");
        own.Headers.Authorization = new("Bearer", Credentials.ApiKey(HindsightVendor.VendorKey));
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Vendors_served_by_the_sandbox_outside_development_say_so()
    {
        var vendors = await _factory.CreateClient(GatewayFactory.ReadKey).GetOkAsync("/v1/vendors");
        Assert.All(vendors.GetProperty("data").EnumerateArray().Where(v => v.GetProperty("sandbox").GetBoolean()),
            v => Assert.Contains("sandbox", v.GetProperty("sandbox_warning").GetString(), StringComparison.Ordinal));
    }

    private static HttpRequestMessage Post(string path, string json) =>
        new(HttpMethod.Post, path) { Content = Infrastructure.Api.Json(json) };

    private async Task<HttpResponseMessage> PostSignedAsync(string path, string secret, long timestamp, string body)
    {
        var id = $"evt_{Guid.NewGuid():N}";
        using var request = Post(path, body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSigner.Sign(secret, id, timestamp, body));
        return await _anonymous.SendAsync(request);
    }
}
