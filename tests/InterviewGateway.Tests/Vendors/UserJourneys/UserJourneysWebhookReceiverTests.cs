using System.Security.Cryptography;
using System.Text;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Tests.Vendors.UserJourneys;

public sealed class UserJourneysWebhookReceiverTests
{
    private const string Secret = "whsec_test_5f1c0a9e";
    private const string InterviewId = "a1b2c3d4-5678-90ab-cdef-111111111111";
    private static readonly byte[] Body =
        Encoding.UTF8
            .GetBytes("""{"event":"interview.completed","interview_id":"a1b2c3d4-5678-90ab-cdef-111111111111"}""");

    [Fact]
    public void Accepts_a_hex_signature_and_reads_the_interview()
    {
        var verdict = UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex(Secret, Body)), Body);

        Assert.Equal(new WebhookVerdict(WebhookAuth.Valid, $"{InterviewId}:interview.completed", InterviewId,
            "interview.completed"), verdict);
    }

    [Fact]
    public void Accepts_a_base64_signature() =>
        Assert.Equal(WebhookAuth.Valid,
        UserJourneysWebhookReceiver.Verify(Secret, Headers(Convert.ToBase64String(Mac(Secret, Body))), Body).Auth);

    [Fact]
    public void Accepts_a_sha256_prefix() =>
        Assert.Equal(WebhookAuth.Valid,
        UserJourneysWebhookReceiver.Verify(Secret, Headers("sha256=" + Hex(Secret, Body)), Body).Auth);

    [Fact]
    public void Accepts_a_signature_keyed_with_the_secret_after_its_whsec_prefix() =>
        Assert.Equal(WebhookAuth.Valid,
        UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex("test_5f1c0a9e", Body)), Body).Auth);

    [Fact]
    public void Rejects_a_tampered_body()
    {
        var tampered =
            Encoding.UTF8
                .GetBytes("""{"event":"interview.completed","interview_id":"a1b2c3d4-5678-90ab-cdef-999999999999"}""");
        Assert.Equal(WebhookVerdict.Invalid,
            UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex(Secret, Body)), tampered));
    }

    [Fact]
    public void Rejects_the_wrong_secret() =>
        Assert.Equal(WebhookVerdict.Invalid,
        UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex("whsec_other", Body)), Body));

    [Fact]
    public void Rejects_a_missing_signature_header() =>
        Assert.Equal(WebhookVerdict.Invalid, UserJourneysWebhookReceiver.Verify(Secret, new HeaderDictionary(), Body));

    [Fact]
    public void Without_a_secret_every_delivery_is_rejected() =>
        Assert.Equal(WebhookVerdict.NotConfigured,
        UserJourneysWebhookReceiver.Verify(null, Headers(Hex(Secret, Body)), Body));

    [Fact]
    public void A_signed_body_that_is_not_json_is_acknowledged_without_an_interview()
    {
        var junk = Encoding.UTF8.GetBytes("not json");
        var verdict = UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex(Secret, junk)), junk);

        Assert.Equal(WebhookAuth.Valid, verdict.Auth);
        Assert.Null(verdict.VendorInterviewId);
        Assert.Equal("interview.completed", verdict.EventName); // from X-Webhook-Event
        Assert.True(verdict.Malformed); // logged as rejected: malformed_body
        Assert.False(UserJourneysWebhookReceiver.Verify(Secret, Headers(Hex(Secret, Body)), Body).Malformed);
    }

    [Fact]
    public async Task Uses_the_configured_secret_and_rejects_when_none_is_configured_outside_the_sandbox()
    {
        var configured = await ReceiverAsync(Secret).VerifyAsync(Headers(Hex(Secret, Body)), Body,
            CancellationToken.None);
        var unconfigured = await ReceiverAsync(null).VerifyAsync(Headers(Hex(Secret, Body)), Body,
            CancellationToken.None);

        Assert.Equal(WebhookAuth.Valid, configured.Auth);
        Assert.Equal(WebhookVerdict.NotConfigured, unconfigured);
    }

    private static UserJourneysWebhookReceiver ReceiverAsync(string? webhookSecret)
    {
        var services = new ServiceCollection();
        var key = UserJourneysVendor.VendorKey;
        services.AddSingleton(new VendorDescriptor(key, new UserJourneysVendor().Capabilities));
        services.AddOptions<VendorOptions>(key.Value).Configure(o => o.BaseUrl = "https://app.userjourneys.ai/api/v1");
        services.AddOptions<SandboxOptions>().Configure(o => o.Enabled = false);
        services.AddOptions<UserJourneysOptions>().Configure(o => o.WebhookSecret = webhookSecret);
        services.AddSingleton<VendorCatalog>();
        services.AddSingleton<IKeyValueStore>(new InMemoryKeyValueStore(TimeProvider.System));
        services.AddSingleton(new RedisKeys("test:"));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<VendorSecrets>();
        services.AddSingleton<UserJourneysWebhookReceiver>();
        return services.BuildServiceProvider().GetRequiredService<UserJourneysWebhookReceiver>();
    }

    private static HeaderDictionary Headers(string signature) => new()
    {
        [UserJourneysWebhookReceiver.SignatureHeader] = signature,
        [UserJourneysWebhookReceiver.EventHeader] = "interview.completed",
    };

    private static byte[] Mac(string key, byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body);

    private static string Hex(string key, byte[] body) => Convert.ToHexStringLower(Mac(key, body));
}
