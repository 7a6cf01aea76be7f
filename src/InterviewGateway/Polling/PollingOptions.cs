using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Polling;

internal sealed class PollingOptions : IValidatableObject
{
    /// Wanted interval by age: first day, first week, after (Hindsight advises 5-15 minutes).
    public List<TimeSpan> Cadence { get; set; } = [];

    public TimeSpan MaxTrackingAge { get; set; } = TimeSpan.FromDays(30);

    public static readonly TimeSpan[] DefaultCadence = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];

    public IReadOnlyList<TimeSpan> EffectiveCadence => Cadence.Count == 3 ? Cadence : DefaultCadence;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Cadence.Count is not (0 or 3) || Cadence.Any(c => c < TimeSpan.FromSeconds(1)))
        {
            yield return new ValidationResult("Polling:Cadence needs three intervals (0: first day, 1: first week, 2: after), each at least 1 second.", [nameof(Cadence)]);
        }

        if (MaxTrackingAge < TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Polling:MaxTrackingAge must be at least 01:00:00.", [nameof(MaxTrackingAge)]);
        }
    }
}
