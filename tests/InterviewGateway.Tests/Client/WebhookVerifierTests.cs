using System.Text.Json;
using InterviewGateway.Client.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.Tests.Client;

/// One call verifies a delivery and returns its typed event; anything that does not verify throws.
public sealed class WebhookVerifierTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i)
        .ToArray());

    public static TheoryData<string, string> DocumentedExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var webhook in OpenApiDocument.Root.GetProperty("webhooks").EnumerateObject())
        {
            var examples = webhook.Value.GetProperty("post").GetProperty("requestBody").GetProperty("content")
                .GetProperty("application/json").GetProperty("examples");
            foreach (var example in examples.EnumerateObject())
            {
                data.Add(webhook.Name, example.Value.GetProperty("value").GetRawText());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedExamples))]
    public void Every_documented_body_verifies_into_its_typed_event(string type, string body)
    {
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var verified = new WebhookVerifier(Secret).Verify(body, Signed(id, body));

        Assert.IsType(WebhookEvents.Types[type], verified);
        Assert.Equal(type, verified.Type);
        if (verified is InterviewEvent interview)
        {
            Assert.False(string.IsNullOrEmpty(interview.Data.Interview.Id));
        }
    }

    [Fact]
    public void A_changed_body_another_secret_or_a_swapped_body_is_refused()
    {
        var (type, body) = (DocumentedExamples().First()[0], (string)DocumentedExamples().First()[1]);
        Assert.NotNull(type);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var verifier = new WebhookVerifier(Secret);

        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body.Replace("\"", " \""), Signed(id, body)));
        var other = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(other).Verify(body, Signed(id, body)));
        // Correctly signed for another id: the signature holds, but the body is not the event the header names.
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body, Signed("evt_other", body)));
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(""));
    }

    private static HeaderDictionary Signed(string id, string body)
    {
        var at = DateTimeOffset.UtcNow;
        return new HeaderDictionary
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = new StandardWebhook(Secret).Sign(id, at, body),
        };
    }
}
