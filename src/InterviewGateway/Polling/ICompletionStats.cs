namespace InterviewGateway.Polling;

/// What the gateway has seen of where completions happen, per vendor and age bin (time since tracking):
/// completions counted, and exposure (hours that tracked, unfinished interviews spent in the bin). Their
/// ratio estimates the completion hazard per bin, which weights the poll planner.
internal interface ICompletionStats
{
    Task RecordCompletionAsync(string vendor, TimeSpan age, CancellationToken cancellationToken);

    Task AddExposureAsync(
        string vendor, IReadOnlyList<long> trackedPerBin, TimeSpan elapsed, CancellationToken cancellationToken);

    Task<CompletionCounts> GetAsync(string vendor, CancellationToken cancellationToken);
}
