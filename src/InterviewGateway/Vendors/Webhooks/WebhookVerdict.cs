namespace InterviewGateway.Vendors.Webhooks;

/// What a vendor's receiver read from one delivery. `DeliveryKey` dedupes replays; a delivery without
/// an interview (a ping) is acknowledged and dropped.
internal sealed record WebhookVerdict(
    WebhookAuth Auth, string? DeliveryKey = null, string? VendorInterviewId = null, string? EventName = null)
{
    public static readonly WebhookVerdict Invalid = new(WebhookAuth.Invalid);
    public static readonly WebhookVerdict NotConfigured = new(WebhookAuth.NotConfigured);
}
