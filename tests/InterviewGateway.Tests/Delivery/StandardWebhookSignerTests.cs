using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

public sealed class StandardWebhookSignerTests
{
    // The test vector published with the Standard Webhooks reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signs_the_official_test_vector()
    {
        Assert.Equal(Expected, StandardWebhookSigner.Sign(Secret, MessageId, Timestamp, Body));
        Assert.True(StandardWebhookSigner.Verify(Secret, MessageId, Timestamp, Body, Expected));
    }

    [Fact]
    public void Header_during_rotation_carries_both_signatures_and_each_verifies()
    {
        var next = StandardWebhookSigner.NewSecret();
        var header = StandardWebhookSigner.Header([Secret, next], MessageId, Timestamp, Body);

        var parts = header.Split(' ');
        Assert.Equal([Expected, StandardWebhookSigner.Sign(next, MessageId, Timestamp, Body)], parts);
        Assert.True(StandardWebhookSigner.Verify(Secret, MessageId, Timestamp, Body, header));
        Assert.True(StandardWebhookSigner.Verify(next, MessageId, Timestamp, Body, header));
        Assert.False(StandardWebhookSigner.Verify(StandardWebhookSigner.NewSecret(), MessageId, Timestamp, Body,
            header));
    }

    [Theory]
    [InlineData(MessageId, Timestamp, """{"test": 2432232315}""")]
    [InlineData(MessageId, Timestamp + 1, Body)]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJeK", Timestamp, Body)]
    public void Verify_rejects_a_tampered_body_timestamp_or_id(string messageId, long timestamp, string body) =>
        Assert.False(StandardWebhookSigner.Verify(Secret, messageId, timestamp, body, Expected));

    [Fact]
    public void New_secrets_are_32_random_bytes_after_the_prefix()
    {
        var a = StandardWebhookSigner.NewSecret();
        var b = StandardWebhookSigner.NewSecret();
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.NotEqual(a, b);
    }
}
