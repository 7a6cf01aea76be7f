using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Reads over a structure split into partitions (RedisKeys): one command per partition (each on its own
/// slot), merged into the order one unsplit structure would answer in.
internal static class RedisPartitioned
{
    /// The first `take` members of the union of the lexicographic ranges, in `order` (ordinal). Each
    /// partition's first `take` hold the union's first `take`, so the merge pages exactly like one set.
    public static async Task<RedisValue[]> RangeByValueAsync(IDatabase db, IEnumerable<RedisKey> keys,
        RedisValue min, RedisValue max, Exclude exclude, Order order, int take)
    {
        var ranges = await Task.WhenAll(keys.Select(key =>
            db.SortedSetRangeByValueAsync(key, min, max, exclude, order, 0, take)));
        var merged = ranges.SelectMany(r => r).Select(m => (string)m!);
        var sorted = order == Order.Ascending ? merged.Order(StringComparer.Ordinal)
            : merged.OrderDescending(StringComparer.Ordinal);
        return [.. sorted.Take(take).Select(m => (RedisValue)m)];
    }

    /// The `take` lowest-scored entries of the union of the score ranges, lowest first, with their partition.
    public static async Task<(int Partition, RedisValue Member, double Score)[]> RangeByScoreAsync(IDatabase db,
        IReadOnlyList<RedisKey> keys, double max, Exclude exclude, int take)
    {
        var ranges = await Task.WhenAll(keys.Select(key => db.SortedSetRangeByScoreWithScoresAsync(key,
            double.NegativeInfinity, max, exclude, Order.Ascending, 0, take)));
        return
        [
            .. ranges.SelectMany((r, partition) => r.Select(e => (partition, e.Element, e.Score)))
                .OrderBy(e => e.Score).Take(take),
        ];
    }

    /// GETs of keys that may live on different slots (an MGET must not span slots), pipelined.
    public static async Task<RedisValue[]> GetEachAsync(IDatabase db, IEnumerable<RedisKey> keys) =>
        await Task.WhenAll(keys.Select(key => db.StringGetAsync(key)));

    public static async Task<long> SumAsync(IEnumerable<Task<long>> counts) => (await Task.WhenAll(counts)).Sum();
}
