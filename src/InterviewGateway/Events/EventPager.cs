using System.Runtime.CompilerServices;

namespace InterviewGateway.Events;

/// Cursor paging over the recorded-order index, shared by both stores: each store only says how to read
/// a batch of index members in a lexicographic range and how to load the events they name.
internal static class EventPager
{
    /// Up to `take` members in (`from`, `to`) in the given direction; `inclusive` includes `from`.
    public delegate Task<IReadOnlyList<string>> Range(string from, bool inclusive, string to, bool descending,
        int take);

    public delegate Task<IReadOnlyList<GatewayEvent?>> Load(IReadOnlyList<string> members);

    private const int Batch = 200;

    public static async Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> NewestFirstAsync(
        EventQuery query, string oldest, Range range, Load load)
    {
        var items = new List<GatewayEvent>();
        var from = query.Cursor is null ? EventIndex.Top : EventIndex.DecodeCursor(query.Cursor);
        var inclusive = query.Cursor is null;
        for (var scanned = 0; scanned < Math.Max(EventIndex.MaxScan, query.Limit);)
        {
            var batch = await range(from, inclusive, oldest, descending: true, Batch);
            if (batch.Count == 0)
            {
                return (items, null);
            }

            var loaded = await load(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                if (loaded[i] is { } e && EventIndex.Matches(e, query))
                {
                    items.Add(e);
                    if (items.Count == query.Limit)
                    {
                        var more = (await range(batch[i], false, oldest, descending: true, 1)).Count > 0;
                        return (items, more ? EventIndex.EncodeCursor(batch[i]) : null);
                    }
                }
            }

            scanned += batch.Count;
            from = batch[^1];
            inclusive = false;
        }

        // The scan budget ran out on a sparse filter: the caller continues from where it stopped.
        return (items, EventIndex.EncodeCursor(from));
    }

    public static async IAsyncEnumerable<GatewayEvent> OldestFirstAsync(
        string since, Range range, Load load, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = since;
        var inclusive = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await range(from, inclusive, EventIndex.Top, descending: false, Batch);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var e in await load(batch))
            {
                if (e is not null)
                {
                    yield return e;
                }
            }

            from = batch[^1];
            inclusive = false;
        }
    }
}
