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

    /// Deliveries in flight at once on one instance, over all subscriptions; each subscription also stays
    /// within its own max_concurrency, so a slow one never takes more than that of this capacity.
    [Range(1, 2000)]
    public int Workers { get; set; } = 128;

    /// How often an idle dispatcher looks for queued deliveries another instance added (its own are seen at once).
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// With no active queue and nothing in flight, how long the dispatcher waits before it looks again. A
    /// delivery queued on any instance wakes it at once (`dq-wake`); what waits for this is a retry coming due
    /// (moved into its queue at most this late) and the idle check itself, one read of each partition's retry
    /// set and active set (issue 20: an idle instance stays under 50 Redis commands a second).
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan IdleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// How often due retries are moved into the queues while the dispatcher is busy.
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan RetryPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// A delivery taken by an instance and unfinished this long is taken over by another (the instance
    /// died). Longer than Timeout, so a live attempt is never run twice.
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ClaimAbandonedAfter { get; set; } = TimeSpan.FromSeconds(40);

    /// Attempt log lines older than this are dropped by the daily retention job (at most 1,000 are kept anyway).
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan AttemptRetention { get; set; } = TimeSpan.FromDays(30);

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
            yield return new ValidationResult(
                "Delivery:RetrySchedule entries must be between 00:00:00 and 2.00:00:00.", [nameof(RetrySchedule)]);
        }

        if (ClaimAbandonedAfter < Timeout + TimeSpan.FromSeconds(5))
        {
            yield return new ValidationResult(
                "Delivery:ClaimAbandonedAfter must exceed Delivery:Timeout by at least 5 s.",
                [nameof(ClaimAbandonedAfter)]);
        }
    }
}
