using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Inbound;

/// `VendorWebhookLog:*`. Entries are capped at about 1 KB, so the default bounds the log near 100 MB.
internal sealed class InboundWebhookLogOptions
{
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    [Range(100, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;
}
