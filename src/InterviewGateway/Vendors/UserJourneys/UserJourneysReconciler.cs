using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.UserJourneys;

/// Lists completed interviews per configured study (there is no account-wide list), newest pages first
/// as the vendor returns them, within a page cap so one pass never drains the budget.
internal sealed class UserJourneysReconciler(
    IUserJourneysApi api, IOptionsMonitor<UserJourneysOptions> options, TimeProvider time) : IVendorReconciler
{
    public const int PageSize = 100;
    public const int MaxPagesPerStudy = 10;

    public async Task<IReadOnlyList<string>> ListFinishedAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (
            var studyId in options.CurrentValue.StudyIds.Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal))
        {
            string? after = null;
            for (var page = 0; page < MaxPagesPerStudy; page++)
            {
                var list = await VendorErrors.CallAsync(UserJourneysVendor.VendorKey, $"(study {studyId})",
                    () => api.ListInterviewsAsync(studyId, "completed", PageSize, after, cancellationToken), time);
                var items = list.Data ?? [];
                ids.AddRange(items.Select(i => i.Id).OfType<string>());
                after = items.LastOrDefault()?.Id;
                if (!list.HasMore || after is null)
                {
                    break;
                }
            }
        }

        return ids;
    }
}
