namespace InterviewGateway.Vendors.Webhooks;

/// What a vendor's receiver read from one delivery. `DeliveryKey` dedupes replays; a delivery without
/// an interview (a ping) is acknowledged and dropped, and so is an authenticated body that cannot be read
/// (`Malformed`: retrying cannot fix it; the inbound log keeps it as rejected).
internal sealed record WebhookVerdict(
    WebhookAuth Auth, string? DeliveryKey = null, string? VendorInterviewId = null, string? EventName = null,
    bool Malformed = false)
{
    public static readonly WebhookVerdict Unreadable = new(WebhookAuth.Valid, Malformed: true);
    public static readonly WebhookVerdict Invalid = new(WebhookAuth.Invalid);
    public static readonly WebhookVerdict NotConfigured = new(WebhookAuth.NotConfigured);
}
