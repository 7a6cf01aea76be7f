using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.IntegrationTests.Processes;

/// The gateway as an operator runs it: Production, with the sandbox left on as the demo compose file did,
/// and two instances sharing one empty Redis with a certificate-protected key ring.
public sealed class SecurityProcessTests : IClassFixture<RedisServerFixture>
{
    private const string LimitedKey = "igw_process_limited_key_0001";
    private readonly RedisServerFixture _redis;

    public SecurityProcessTests(RedisServerFixture redis) => _redis = redis;

    [Fact]
    public async Task A_production_gateway_with_the_sandbox_enabled_refuses_every_outsider_request_and_warns()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"igw-sec-{Guid.NewGuid():N}:",
            ["Sandbox:Enabled"] = "true",
        });
        using var outsider = new HttpClient { BaseAddress = gateway.BaseAddress };

        var answers = new Dictionary<string, HttpStatusCode>
        {
            ["respond"] = await SendAsync(outsider, HttpMethod.Post, "/sandbox/userjourneys/studies/any/respond"),
            ["read receiver"] = await SendAsync(outsider, HttpMethod.Get, "/sandbox/webhook-receiver/demo"),
            ["post receiver"] = await SendAsync(outsider, HttpMethod.Post, "/sandbox/webhook-receiver/demo", "{}"),
            ["instaview webhook"] = await SendAsync(outsider, HttpMethod.Post, "/v1/vendor-webhooks/instaview",
                """{"event":"ping"}""", (InstaViewWebhookReceiver.TokenHeader, "sandbox_instaview_webhook_secret")),
            ["userjourneys webhook"] = await SendAsync(outsider, HttpMethod.Post, "/v1/vendor-webhooks/userjourneys",
                UserJourneysBody, ("X-Webhook-Signature", "sha256=" + OldSignature)),
            ["hindsight api"] = await SendAsync(outsider, HttpMethod.Post, "/sandbox/hindsight/api/v1/interviews", "{}",
                Bearer("sandbox_hindsight_key")),
            ["instaview api"] = await SendAsync(outsider, HttpMethod.Post, "/sandbox/instaview/v1/interviews", "{}",
                Bearer("sandbox_instaview_key")),
            ["userjourneys api"] = await SendAsync(outsider, HttpMethod.Get,
                "/sandbox/userjourneys/api/v1/interviews?study_id=s", null, Bearer("sandbox_userjourneys_key")),
            ["hangfire"] = await SendAsync(outsider, HttpMethod.Get, "/hangfire"),
            ["vendors"] = await SendAsync(outsider, HttpMethod.Get, "/v1/vendors"),
            ["events"] = await SendAsync(outsider, HttpMethod.Get, "/v1/events"),
        };
        Assert.All(answers, a => Assert.True(
            a.Value is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{a.Key}: {(int)a.Value}"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(outsider, HttpMethod.Get, "/no/such/route"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(outsider, HttpMethod.Get, "/health/live"));

        using var client = gateway.CreateClient();
        var vendors = await client.GetOkAsync("/v1/vendors");
        Assert.All(vendors.GetProperty("data").EnumerateArray(),
            v => Assert.False(string.IsNullOrEmpty(v.GetProperty("sandbox_warning").GetString())));
        // Warnings: the sandbox's, at startup, and the two rejected vendor webhooks; no error.
        var warnings = gateway.Output.Where(l => l.StartsWith("warn:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SandboxStartup[7000]", "InboundWebhooks[6101]", "InboundWebhooks[6101]"],
            warnings.Select(l => l.Split('.')[^1]));
        Assert.Contains(gateway.Output,
            l => l.Contains("Sandbox:Enabled is true in the Production environment", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Output,
            l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_instances_on_an_empty_redis_share_one_protected_key_ring_and_one_caller_limit()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"igw-dp-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest(
                "CN=InterviewGateway Data Protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            await File.WriteAllBytesAsync(certificate, created.Export(X509ContentType.Pkcs12, "test-password"));
        }

        var prefix = $"igw-two-{Guid.NewGuid():N}:";
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
            ["DataProtection:CertificatePath"] = certificate,
            ["DataProtection:CertificatePassword"] = "test-password",
            ["Gateway:ApiKeys:limited:Key"] = LimitedKey,
            ["Gateway:ApiKeys:limited:Scopes:0"] = "interviews:read",
            ["Gateway:ApiKeys:limited:RequestsPerMinute"] = "3",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowInsecureUrls"] = "true",
        };
        await using var subscriber = await TestSubscriber.StartAsync();
        try
        {
            string subscription;
            var (a, b) = await StartPairAsync(settings);
            await using (a)
            await using (b)
            {
                var ring = await _redis.Connection.GetDatabase().ListRangeAsync(prefix + "dataprotection-keys");
                Assert.Single(ring); // both started on an empty Redis; one created the key, the other waited
                Assert.Contains("EncryptedData", ring[0].ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", ring[0].ToString(), StringComparison.Ordinal);

                var statuses = new List<HttpStatusCode>();
                foreach (var gateway in new[] { a, b, a, b })
                {
                    using var limited = new HttpClient { BaseAddress = gateway.BaseAddress };
                    limited.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LimitedKey);
                    using var response = await limited.GetAsync("/v1/vendors");
                    statuses.Add(response.StatusCode);
                }

                Assert.Equal([200, 200, 200, 429], statuses.Select(s => (int)s));

                using var clientA = a.CreateClient();
                subscription = await clientA.SubscribeAsync(subscriber);
            }

            var (a2, b2) = await StartPairAsync(settings);
            await using (b2)
            {
                await a2.DisposeAsync(); // only B is left to sign and send
                using var clientB = b2.CreateClient();
                using var test = await clientB.PostAsync(
                    $"/v1/subscriptions/{subscription}/test", Infrastructure.Api.Json("{}"));
                Assert.True(test.IsSuccessStatusCode, await test.Content.ReadAsStringAsync());
                var received = await subscriber.WaitForAsync(r => r.Count > 0);
                Assert.True(received[0].SignatureValid, "B signed with the secret A encrypted, after both restarted");
                b2.AssertNoWarningsOrErrors();
            }
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    private const string UserJourneysBody =
        """{"event":"interview.completed","interview_id":"00000000-0000-0000-0000-000000000000"}""";

    /// Signed with the secret every deployment used to share, in the public source.
    private static string OldSignature =>
        WebhookSignatures.SignHex("sandbox_userjourneys_webhook_secret", Encoding.UTF8.GetBytes(UserJourneysBody));

    private static async Task<(GatewayProcess A, GatewayProcess B)> StartPairAsync(
        Dictionary<string, string> settings)
    {
        var a = GatewayProcess.StartAsync(settings);
        var b = GatewayProcess.StartAsync(settings);
        await Task.WhenAll(a, b);
        return (await a, await b);
    }

    private static (string, string) Bearer(string key) => ("Authorization", "Bearer " + key);

    private static async Task<HttpStatusCode> SendAsync(
        HttpClient client, HttpMethod method, string path, string? body = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : Infrastructure.Api.Json(body),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
