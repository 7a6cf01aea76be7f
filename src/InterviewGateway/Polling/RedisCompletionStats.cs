using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Polling;

/// Completion statistics in one Redis hash per vendor: `c{bin}` completions, `e{bin}` exposure hours.
/// Every instance adds the exposure it observes, so with several instances exposure is counted once per
/// instance; only the ratio between bins weights the planner, so that scale cancels out.
internal sealed class RedisCompletionStats(IConnectionMultiplexer redis, RedisKeys keys) : ICompletionStats
{
    private IDatabase Db => redis.GetDatabase();

    private string Key(string vendor) => keys.PollStats(vendor);

    public Task RecordCompletionAsync(string vendor, TimeSpan age, CancellationToken cancellationToken) =>
        Db.HashIncrementAsync(Key(vendor), "c" + CompletionCounts.BinOf(age).ToString(CultureInfo.InvariantCulture));

    public async Task AddExposureAsync(
        string vendor, IReadOnlyList<long> trackedPerBin, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var batch = Db.CreateBatch();
        var writes = new List<Task>();
        for (var b = 0; b < trackedPerBin.Count; b++)
        {
            if (trackedPerBin[b] > 0)
            {
                var field = "e" + b.ToString(CultureInfo.InvariantCulture);
                writes.Add(batch.HashIncrementAsync(Key(vendor), field, trackedPerBin[b] * elapsed.TotalHours));
            }
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<CompletionCounts> GetAsync(string vendor, CancellationToken cancellationToken)
    {
        var counts = CompletionCounts.Empty();
        foreach (var entry in await Db.HashGetAllAsync(Key(vendor)))
        {
            var name = entry.Name.ToString();
            var culture = CultureInfo.InvariantCulture;
            if (name.Length > 1 && int.TryParse(name.AsSpan(1), NumberStyles.Integer, culture, out var bin)
                && bin < CompletionCounts.Bins
                && double.TryParse(entry.Value.ToString(), NumberStyles.Float, culture, out var value))
            {
                (name[0] == 'c' ? counts.Completions : counts.ExposureHours)[bin] = value;
            }
        }

        return counts;
    }
}
