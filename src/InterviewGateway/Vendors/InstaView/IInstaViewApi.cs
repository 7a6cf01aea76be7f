using System.Text.Json;
using Refit;

namespace InterviewGateway.Vendors.InstaView;

/// Base address: `https://api.instaview.sk/`. Answers are read as JSON elements: the envelope is
/// optional and lists come in three shapes (InstaViewEnvelope), and the raw interview is kept for `vendor_data`.
internal interface IInstaViewApi
{
    [Get("/interviews/{id}")]
    Task<JsonElement> GetInterviewAsync(string id, [Query] string? companyId, CancellationToken cancellationToken);

    [Get("/interviews")]
    Task<JsonElement> ListInterviewsAsync(
        [Query] string candidateId, [Query] int page, [Query] int limit, [Query] string? status,
            [Query] string? companyId,
        CancellationToken cancellationToken);

    [Post("/interviews")]
    Task<JsonElement> CreateInterviewAsync(
        [Body] InstaViewCreateRequest request, [Query] string? companyId, CancellationToken cancellationToken);

    [Post("/webhooks")]
    Task<JsonElement> CreateWebhookAsync(
        [Body] InstaViewWebhookRequest request, [Query] string? companyId, CancellationToken cancellationToken);
}
