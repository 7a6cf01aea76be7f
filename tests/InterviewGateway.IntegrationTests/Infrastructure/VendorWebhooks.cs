using InterviewGateway.Vendors.InstaView;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.InstaView.Simulator;

namespace InterviewGateway.IntegrationTests.Infrastructure;

public static class VendorWebhooks
{
    /// The shared host's InstaView simulator, with no injected faults left by another test and its
    /// webhooks posted to the host's inbound endpoint.
    internal static InstaViewSimulator InstaViewSendingToHost(this GatewayFactory factory)
    {
        var simulator = factory.Services.GetRequiredService<InstaViewSimulator>();
        simulator.FailNextGets(0);
        simulator.WebhookSender = (body, headers, cancellationToken) =>
            factory.SendVendorWebhookAsync("instaview", body, headers, cancellationToken);
        return simulator;
    }

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
