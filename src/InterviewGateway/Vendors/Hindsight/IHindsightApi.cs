using System.Text.Json;
using Refit;

namespace InterviewGateway.Vendors.Hindsight;

/// Base address: `https://app.usehindsight.com/api/v1/`. GET answers are read as JSON elements so the
/// raw payload can be kept for `vendor_data`.
internal interface IHindsightApi
{
    [Post("/interviews")]
    Task<JsonElement> CreateInterviewAsync([Body] HindsightCreateRequest request, CancellationToken cancellationToken);

    [Get("/interviews/{id}")]
    Task<JsonElement> GetInterviewAsync(long id, CancellationToken cancellationToken);

    [Patch("/interviews/{id}")]
    Task<HindsightUpdateResponse> UpdateInterviewAsync(
        long id, [Body] HindsightUpdateRequest request, CancellationToken cancellationToken);
}
