using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors.InstaView.Simulator;

internal sealed class InstaViewSimulatorOptions
{
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 60;

    [Range(1, 10_000_000)]
    public int RequestsPerHour { get; set; } = 2000;

    /// How long after creation a sandbox interview completes (test interviews complete at once).
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// A test interview is complete as soon as it exists; its webhook follows after this pause, so it
    /// does not overtake the create answer on its way to the gateway.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TestWebhookDelay { get; set; } = TimeSpan.FromSeconds(1);
}
