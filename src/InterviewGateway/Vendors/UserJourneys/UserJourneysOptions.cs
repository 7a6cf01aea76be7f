namespace InterviewGateway.Vendors.UserJourneys;

internal sealed class UserJourneysOptions
{
    /// The `signing_secret` (`whsec_...`) userjourneys issued for the project's webhook. Takes precedence
    /// over one stored by webhook registration. No default: without a secret every delivery is rejected.
    public string? WebhookSecret { get; set; }

    /// Studies whose completed interviews reconciliation lists (the list endpoint needs a study_id).
    public List<string> StudyIds { get; set; } = [];
}
