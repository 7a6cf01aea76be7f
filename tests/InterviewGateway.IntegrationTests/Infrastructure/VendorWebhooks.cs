namespace InterviewGateway.IntegrationTests.Infrastructure;

public static class VendorWebhooks
{
    /// Posts a simulator's webhook to the shared host's inbound endpoint (the shared host routes no
    /// outbound callbacks): use as the simulator's `WebhookSender`.
    public static async Task<int> SendVendorWebhookAsync(
        this GatewayFactory factory,
        string vendor,
        byte[] body,
        IReadOnlyDictionary<string, string> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/vendor-webhooks/{vendor}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await factory.Server.CreateClient().SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
