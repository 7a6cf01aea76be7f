using System.Globalization;
using System.Text.RegularExpressions;
using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Inbound;

/// Cursor paging over the log, shared by both stores: ids are `vwh_{ms}-{seq}` and sort by arrival;
/// each store only reads a batch of entries, newest first, older than a cursor and inside a time range.
internal static partial class InboundWebhookPager
{
    public const string IdPrefix = "vwh_";

    /// Reads at most this many entries per listing request (a filtered page may come back short).
    private const int MaxScan = 2000;
    private const int Batch = 200;

    /// Up to `take` entries, newest first, older than `before` (when set) and received in [`min`, `max`] ms.
    public delegate Task<IReadOnlyList<InboundWebhook>> Range(string? before, long min, long max, int take);

    public static async Task<(IReadOnlyList<InboundWebhook> Items, string? NextCursor)> PageAsync(
        InboundWebhookQuery query, DateTimeOffset oldest, Range range)
    {
        var min = Math.Max(oldest.ToUnixTimeMilliseconds(), query.Since?.ToUnixTimeMilliseconds() ?? 0);
        var max = query.Until?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var before = query.Cursor is null ? null : CheckCursor(query.Cursor);
        var items = new List<InboundWebhook>();
        for (var scanned = 0; scanned < MaxScan;)
        {
            var batch = await range(before, min, max, Batch);
            foreach (var entry in batch)
            {
                before = entry.Id;
                if ((query.Vendor is null || entry.Vendor == query.Vendor)
                    && (query.Outcome is null || entry.Outcome == query.Outcome) && items.Count < query.Limit)
                {
                    items.Add(entry);
                }

                if (items.Count == query.Limit)
                {
                    return (items, (await range(entry.Id, min, max, 1)).Count > 0 ? entry.Id : null);
                }
            }

            if (batch.Count < Batch)
            {
                return (items, null);
            }

            scanned += batch.Count;
        }

        // The scan budget ran out on a sparse filter: the caller continues from where it stopped.
        return (items, before);
    }

    public static string Id(long ms, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{ms}-{sequence}");

    /// (ms, sequence) of an id this log handed out, or null.
    public static (long Ms, long Sequence)? Parse(string id) =>
        IdPattern().Match(id) is { Success: true } m
            && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var ms)
            && long.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var sequence)
            ? (ms, sequence) : null;

    private static string CheckCursor(string cursor) => Parse(cursor) is null
        ? throw ProblemException.Validation("cursor", "cursor is not one this API returned.")
        : cursor;

    [GeneratedRegex("^vwh_([0-9]{1,15})-([0-9]{1,15})$")]
    private static partial Regex IdPattern();
}
