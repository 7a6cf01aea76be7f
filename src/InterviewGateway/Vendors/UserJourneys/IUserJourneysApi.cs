using System.Text.Json;
using Refit;

namespace InterviewGateway.Vendors.UserJourneys;

/// Base address: `https://app.userjourneys.ai/api/v1/`. The detail is read as a JSON element so the raw
/// payload can be kept for `vendor_data`.
internal interface IUserJourneysApi
{
    [Get("/interviews/{id}")]
    Task<JsonElement> GetInterviewAsync(string id, CancellationToken cancellationToken);

    [Get("/interviews")]
    Task<UserJourneysList> ListInterviewsAsync(
        [AliasAs("study_id")] string studyId,
        [AliasAs("status")] string? status,
        [AliasAs("limit")] int? limit,
        [AliasAs("starting_after")] string? startingAfter,
        CancellationToken cancellationToken);

    [Put("/webhooks")]
    Task<UserJourneysWebhook> PutWebhookAsync(
        [Body] UserJourneysWebhookRequest request, CancellationToken cancellationToken);
}
