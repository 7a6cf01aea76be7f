using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors;

/// What every vendor connection has, bound as named options (name = vendor key) from `Vendors:{Section}`.
/// Vendor-specific settings live in the vendor's own options class, bound from the same section.
internal sealed class VendorOptions
{
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    public string? ApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// 0 = no limit of that kind.
    [Range(0, 100_000)]
    public int RequestsPerMinute { get; set; }

    [Range(0, 10_000_000)]
    public int RequestsPerHour { get; set; }

    [Range(0, 100_000_000)]
    public int RequestsPerMonth { get; set; }
}
