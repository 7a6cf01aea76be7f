using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors.Hindsight.Simulator;

internal sealed class HindsightSimulatorOptions
{
    /// How long after creation a sandbox interview completes with a transcript.
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// The simulator enforces the documented Essentials limit and answers 429 past it.
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 10;
}
