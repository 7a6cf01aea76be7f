using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Vendors.UserJourneys.Simulator;

internal sealed class UserJourneysSimulatorOptions
{
    /// How long after a respondent opens the link a sandbox interview completes (half of it `started`,
    /// then `processing`), and its webhook is sent.
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(30);
}
