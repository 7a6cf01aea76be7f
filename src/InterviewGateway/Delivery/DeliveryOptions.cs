using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Delivery;

internal sealed class DeliveryOptions : IValidatableObject
{
    /// Delays between attempts: 8 attempts over about 27.6 hours (contract section 6).
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// The failing-since mark lives as long as events (30 days), so the window cannot be longer.
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan[] DefaultSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Count > 0 ? RetrySchedule : DefaultSchedule;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetrySchedule.Any(d => d < TimeSpan.Zero || d > TimeSpan.FromDays(2)))
        {
            yield return new ValidationResult("Delivery:RetrySchedule entries must be between 00:00:00 and 2.00:00:00.", [nameof(RetrySchedule)]);
        }
    }
}

internal sealed class WebhookOptions
{
    public bool AllowPrivateNetworks { get; set; }

    public bool AllowInsecureUrls { get; set; }
}
