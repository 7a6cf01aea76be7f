using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors.InstaView;

/// InstaView's own settings, bound from `Vendors:InstaView` next to the shared connection options.
internal sealed class InstaViewOptions
{
    /// ATS keys must name the company they act for; sent as `companyId` on every call when set.
    [MaxLength(100)]
    public string? CompanyId { get; set; }

    /// InstaView documents no signature, so every delivery must carry this in `X-Gateway-Token`
    /// (set on the vendor webhook through its `headers[]`). No default: nothing configured rejects all.
    [MaxLength(500)]
    public string? WebhookToken { get; set; }

    /// Optional HMAC check of the raw body, once the header InstaView signs in is known.
    public string? WebhookSecret { get; set; }

    [MaxLength(100)]
    public string? SignatureHeader { get; set; }
}
