namespace InterviewGateway.Delivery;

internal sealed class WebhookOptions
{
    public bool AllowPrivateNetworks { get; set; }

    public bool AllowInsecureUrls { get; set; }
}
