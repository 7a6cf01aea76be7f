using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.UserJourneys;

/// Lists completed interviews per configured study (there is no account-wide list) from the newest end,
/// page by page, until a page holds only interviews the gateway knows as finished, within a page cap so one
/// pass never drains the budget; an idle pass costs one request per study. The vendor does not document the
/// list order (docs/inbound.md): each page's `created_at` tells it. Newest first (as Stripe-style cursor
/// lists are), the first known page ends the pass. Oldest first, the new interviews are at the end, so a
/// per-study cursor remembers the last page found wholly known and the next pass resumes after it.
internal sealed class UserJourneysReconciler(
    IUserJourneysApi api, IOptionsMonitor<UserJourneysOptions> options, IKeyValueStore cursors, RedisKeys keys,
    TimeProvider time) : IVendorReconciler
{
    public const int PageSize = 100;
    public const int MaxPagesPerStudy = 10;

    /// A cursor not moved or read for this long is dropped: the study is gone from the configuration.
    public static readonly TimeSpan CursorLifetime = TimeSpan.FromDays(30);

    /// The list is ordered by creation, not completion: an interview created earlier than a known page may
    /// complete after it (its webhook lost). A newest-first pass therefore reads on past known pages until it
    /// reaches interviews created this long ago, so its cost is the last day's completions, capped.
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    public async Task<IReadOnlyList<string>> ListUnknownFinishedAsync(
        KnownFinished known, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (
            var studyId in options.CurrentValue.StudyIds.Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal))
        {
            await ListStudyAsync(studyId, known, ids, cancellationToken);
        }

        return ids;
    }

    private async Task ListStudyAsync(
        string studyId, KnownFinished known, List<string> ids, CancellationToken cancellationToken)
    {
        var cursorKey = keys.ReconcileCursor(UserJourneysVendor.VendorKey.Value, studyId);
        var cursor = await cursors.GetAsync(cursorKey, cancellationToken);
        var after = cursor;
        var knownSoFar = true; // the cursor moves only over known pages: a follow-up of this pass may fail
        for (var page = 0; page < MaxPagesPerStudy; page++)
        {
            UserJourneysList list;
            try
            {
                list = await ListAsync(studyId, after, cancellationToken);
            }
            catch (VendorException ex) when (!ex.IsTransient && after is not null && after == cursor)
            {
                // The cursor's interview is gone at the vendor: start again from the beginning.
                cursor = after = null;
                await cursors.DeleteAsync(cursorKey, cancellationToken);
                list = await ListAsync(studyId, null, cancellationToken);
            }

            var items = list.Data ?? [];
            var allKnown = true;
            foreach (var id in items.Select(i => i.Id).OfType<string>())
            {
                if (!await known(id, cancellationToken))
                {
                    ids.Add(id);
                    allKnown = false;
                }
            }

            after = items.LastOrDefault()?.Id;
            if (!list.HasMore || after is null)
            {
                break;
            }

            if (allKnown && !IsOldestFirst(items) && CreatedBefore(items, time.GetUtcNow() - Lookback))
            {
                // Newest first (by creation): everything further was created earlier still, and long enough
                // ago to have completed before the interviews on this known page were listed.
                break;
            }

            knownSoFar &= allKnown;
            if (knownSoFar)
            {
                cursor = after;
            }
        }

        if (cursor is not null)
        {
            await cursors.SetAsync(cursorKey, cursor, CursorLifetime, cancellationToken);
        }
    }

    private Task<UserJourneysList> ListAsync(string studyId, string? after, CancellationToken cancellationToken) =>
        VendorErrors.CallAsync(UserJourneysVendor.VendorKey, $"(study {studyId})",
            () => api.ListInterviewsAsync(studyId, "completed", PageSize, after, cancellationToken), time);

    /// Whether the page's oldest interview was created before `cutoff` (without timestamps: taken as old).
    private static bool CreatedBefore(IReadOnlyList<UserJourneysInterview> items, DateTimeOffset cutoff) =>
        items.Min(i => i.CreatedAt ?? DateTimeOffset.MinValue) < cutoff;

    /// A page whose first interview was created before its last is oldest first; a page that cannot tell
    /// (one interview, no or equal timestamps) is taken as newest first, the documented convention of cursor lists.
    private static bool IsOldestFirst(IReadOnlyList<UserJourneysInterview> items) =>
        items[0].CreatedAt is { } first && items[^1].CreatedAt is { } last && first < last;
}
