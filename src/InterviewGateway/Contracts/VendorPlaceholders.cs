namespace InterviewGateway.Contracts;

/// Descriptions name vendors through these placeholders, which the OpenAPI document fills from the vendor
/// catalog (Api/OpenApi/VendorText): no shared file spells out the vendor list.
internal static class VendorPlaceholders
{
    /// Every registered vendor's id, e.g. "a, b or c".
    public const string Ids = "{vendor-ids}";

    /// The ids of the vendors that send webhooks.
    public const string WebhookIds = "{webhook-vendor-ids}";
}
