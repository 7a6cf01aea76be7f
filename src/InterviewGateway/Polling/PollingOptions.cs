using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Polling;

internal sealed class PollingOptions : IValidatableObject
{
    /// Wanted interval by age: first day, first week, after (see the vendor fact sheet for advice).
    public List<TimeSpan> Cadence { get; set; } = [];

    public TimeSpan MaxTrackingAge { get; set; } = TimeSpan.FromDays(30);

    /// How often a webhook vendor's tracked interviews are polled, whatever their age: only a safety net
    /// under webhooks and reconciliation, never at the cadence of a vendor that has no webhooks.
    public TimeSpan WebhookSafetyNet { get; set; } = TimeSpan.FromHours(1);

    /// The least share of the sustainable budget each age tier keeps when the budget binds (or what it
    /// needs, if less): the floor under older interviews.
    public double TierFloorShare { get; set; } = PollPlanner.DefaultFloorShare;

    /// The longest a poller sleeps before looking at its due queue again (when it is empty, the next poll
    /// is further off, or the budget is spent). A poll scheduled meanwhile waits up to this long; a newly
    /// tracked interview's first poll is a cadence away, so an interval below that delays nothing. Longer
    /// costs fewer Redis reads while idle.
    public TimeSpan IdleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// How the budget is divided among tracked interviews: by age (tiers, then learned completion
    /// times), or uniformly, every interview at the same interval whatever its age.
    public PollPlanMode Plan { get; set; } = PollPlanMode.AgeAware;

    /// Completions a vendor must have shown before the planner weights by them instead of age tiers.
    public int LearnAfterCompletions { get; set; } = 50;

    public static readonly TimeSpan[] DefaultCadence = [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];

    public IReadOnlyList<TimeSpan> EffectiveCadence => Cadence.Count == 3 ? Cadence : DefaultCadence;

    /// The wanted cadence per age tier for one vendor: the safety net for a webhook vendor.
    public IReadOnlyList<TimeSpan> CadenceFor(Vendors.VendorCapabilities capabilities) =>
        capabilities.Webhooks ? [WebhookSafetyNet, WebhookSafetyNet, WebhookSafetyNet] : EffectiveCadence;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Cadence.Count is not (0 or 3) || Cadence.Any(c => c < TimeSpan.FromSeconds(1)))
        {
            yield return new ValidationResult(
                "Polling:Cadence needs three intervals (0: first day, 1: first week, 2: after), each at least "
                + "1 second.", [nameof(Cadence)]);
        }

        if (TierFloorShare is < 0 or > 0.33)
        {
            yield return new ValidationResult(
                "Polling:TierFloorShare must be between 0 and 0.33.", [nameof(TierFloorShare)]);
        }

        if (IdleInterval < TimeSpan.FromMilliseconds(100) || IdleInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                "Polling:IdleInterval must be between 00:00:00.1 and 01:00:00.", [nameof(IdleInterval)]);
        }

        if (LearnAfterCompletions < 1)
        {
            yield return new ValidationResult(
                "Polling:LearnAfterCompletions must be at least 1.", [nameof(LearnAfterCompletions)]);
        }

        if (WebhookSafetyNet < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult(
                "Polling:WebhookSafetyNet must be at least 00:01:00.", [nameof(WebhookSafetyNet)]);
        }

        if (MaxTrackingAge < TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                "Polling:MaxTrackingAge must be at least 01:00:00.", [nameof(MaxTrackingAge)]);
        }
    }
}
