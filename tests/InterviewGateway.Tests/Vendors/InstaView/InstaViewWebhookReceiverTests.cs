using System.Text;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.Http;

namespace InterviewGateway.Tests.Vendors.InstaView;

public sealed class InstaViewWebhookReceiverTests
{
    private const string Token = "tok_3f9a1c";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"event":"interview.completed","timestamp":"2026-01-05T10:00:00Z","deliveryId":"dlv_1","data":"""
        + """{"interviewId":"iv-1","candidateId":"c-1","jobId":null,"status":"COMPLETED"}}""");

    [Fact]
    public void Nothing_configured_is_not_configured_never_open()
    {
        var verdict = InstaViewWebhookReceiver.Verify(
            new InstaViewOptions(), sandboxToken: null, Headers(("X-Gateway-Token", Token)), Body);
        Assert.Equal(WebhookAuth.NotConfigured, verdict.Auth);
    }

    [Fact]
    public void A_missing_or_wrong_token_is_invalid()
    {
        var options = new InstaViewOptions { WebhookToken = Token };
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(options, null, Headers(), Body).Auth);
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(
            options, null, Headers(("X-Gateway-Token", Token + "x")), Body).Auth);
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(
            options, null, Headers(("X-Gateway-Token", "")), Body).Auth);
    }

    [Fact]
    public void The_right_token_is_valid_and_the_delivery_is_read()
    {
        var verdict = InstaViewWebhookReceiver.Verify(
            new InstaViewOptions { WebhookToken = Token }, null, Headers(("X-Gateway-Token", Token)), Body);
        Assert.Equal(new WebhookVerdict(WebhookAuth.Valid, "dlv_1", "iv-1", "interview.completed"), verdict);
    }

    [Fact]
    public void The_sandbox_uses_its_token_only_when_none_is_configured()
    {
        const string sandboxToken = "sbx_instaview_whsec_random";
        Assert.Equal(WebhookAuth.Valid, InstaViewWebhookReceiver.Verify(
            new InstaViewOptions(), sandboxToken, Headers(("X-Gateway-Token", sandboxToken)), Body).Auth);
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(
            new InstaViewOptions { WebhookToken = Token }, sandboxToken, Headers(("X-Gateway-Token", sandboxToken)),
            Body).Auth);
    }

    [Fact]
    public void With_a_signature_header_and_secret_the_hmac_must_verify_too()
    {
        var options = new InstaViewOptions { WebhookToken = Token, WebhookSecret = "whsec",
            SignatureHeader = "X-InstaView-Signature" };
        var hex = WebhookSignatures.SignHex("whsec", Body);
        var base64 = Convert.ToBase64String(Convert.FromHexString(hex));
        Assert.Equal(WebhookAuth.Valid, InstaViewWebhookReceiver.Verify(
            options, null, Headers(("X-Gateway-Token", Token), ("X-InstaView-Signature", hex)), Body).Auth);
        Assert.Equal(WebhookAuth.Valid, InstaViewWebhookReceiver.Verify(
            options, null, Headers(("X-Gateway-Token", Token), ("X-InstaView-Signature", "sha256=" + base64)),
            Body).Auth);
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(
            options, null, Headers(("X-Gateway-Token", Token)), Body).Auth);
        Assert.Equal(WebhookAuth.Invalid, InstaViewWebhookReceiver.Verify(
            options, null,
            Headers(("X-Gateway-Token", Token), ("X-InstaView-Signature", WebhookSignatures.SignHex("other", Body))),
            Body).Auth);
        // Only the secret, no header name: the token alone decides.
        Assert.Equal(WebhookAuth.Valid, InstaViewWebhookReceiver.Verify(
            new InstaViewOptions { WebhookToken = Token, WebhookSecret = "whsec" }, null,
            Headers(("X-Gateway-Token", Token)), Body).Auth);
    }

    [Theory]
    [InlineData("\"interview.completed\"", "interview.completed")]
    [InlineData("\"INTERVIEW_COMPLETED\"", "interview.completed")]
    [InlineData("\"ANALYSIS_FAILED\"", "analysis.failed")]
    [InlineData("0", "interview.started")]
    [InlineData("1", "interview.completed")]
    [InlineData("3", "analysis.completed")]
    [InlineData("5", "ping")]
    [InlineData("\"PING\"", "ping")]
    [InlineData("9", null)]
    public void Accepts_event_names_in_all_three_forms(string json, string? expected) =>
        Assert.Equal(expected,
        InstaViewWebhookReceiver.EventName(System.Text.Json.JsonDocument.Parse(json).RootElement));

    [Fact]
    public void A_ping_is_acknowledged_without_an_interview()
    {
        var verdict =
            InstaViewWebhookReceiver
                .Read(Encoding.UTF8.GetBytes("""{"event":5,"deliveryId":"dlv_p","data":{"interviewId":"iv-1"}}"""));
        Assert.Equal(WebhookAuth.Valid, verdict.Auth);
        Assert.Null(verdict.VendorInterviewId);
        Assert.Equal("ping", verdict.EventName);
    }

    [Fact]
    public void An_unreadable_body_is_acknowledged_and_dropped_as_malformed()
    {
        var verdict = InstaViewWebhookReceiver.Read(Encoding.UTF8.GetBytes("not json"));
        Assert.Null(verdict.VendorInterviewId);
        Assert.True(verdict.Malformed);
        Assert.True(InstaViewWebhookReceiver.Read(Encoding.UTF8.GetBytes("[]")).Malformed);
        Assert.False(InstaViewWebhookReceiver.Read(Encoding.UTF8.GetBytes("""{"event":"ping"}""")).Malformed);
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
