using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Infrastructure.Storage;

/// How long stored state is kept (`Retention:*`). Redis expires keys itself; the in-memory stores evict
/// expired entries every minute.
internal sealed class RetentionOptions
{
    /// Events, their listing and the outbox (the contract's 30 days).
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan Events { get; set; } = TimeSpan.FromDays(30);

    /// Interviews whose tracking stopped (final status, or aged out of polling), counted from that change.
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan StoppedInterviews { get; set; } = TimeSpan.FromDays(90);

    /// Inbound vendor webhook dedupe marks.
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan VendorWebhookDedupe { get; set; } = TimeSpan.FromDays(7);
}
