namespace InterviewGateway.Polling;

internal sealed class InMemoryCompletionStats : ICompletionStats
{
    private readonly Dictionary<string, CompletionCounts> _vendors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task RecordCompletionAsync(string vendor, TimeSpan age, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            For(vendor).Completions[CompletionCounts.BinOf(age)]++;
        }

        return Task.CompletedTask;
    }

    public Task AddExposureAsync(
        string vendor, IReadOnlyList<long> trackedPerBin, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var counts = For(vendor);
            for (var b = 0; b < trackedPerBin.Count; b++)
            {
                counts.ExposureHours[b] += trackedPerBin[b] * elapsed.TotalHours;
            }
        }

        return Task.CompletedTask;
    }

    public Task<CompletionCounts> GetAsync(string vendor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var counts = For(vendor);
            return Task.FromResult(new CompletionCounts([.. counts.Completions], [.. counts.ExposureHours]));
        }
    }

    private CompletionCounts For(string vendor) =>
        _vendors.TryGetValue(vendor, out var counts) ? counts : _vendors[vendor] = CompletionCounts.Empty();
}
