using InterviewGateway.Polling;
using InterviewGateway.Vendors;

namespace InterviewGateway.Benchmarks;

internal sealed class SimulatedInterview(string id, DateTimeOffset trackedSince, DateTimeOffset? completesAt,
    bool young)
{
    public string Id { get; } = id;
    public DateTimeOffset TrackedSince { get; } = trackedSince;

    /// Null: never completes during the run (it is still polled, and still costs budget).
    public DateTimeOffset? CompletesAt { get; } = completesAt;

    /// Tracked less than a day when the run starts.
    public bool Young { get; } = young;

    public TimeSpan? DetectionDelay { get; set; }
}

/// The vendor side of a poll: answers from each interview's scripted completion time and records the
/// time of every request, so the budget can be checked the way a vendor would count it.
internal sealed class SimulatedVendor(
    TimeProvider time, IReadOnlyDictionary<string, SimulatedInterview> interviews, TimeSpan? maxTrackingAge = null,
    ICompletionStats? completions = null) : IPollTarget
{
    public List<long> RequestTimesMs { get; } = [];

    public int Pending { get; private set; } = interviews.Values.Count(i => i.CompletesAt is not null);

    public async Task<PollOutcome> PollAsync(
        VendorKey vendor,
        string interviewId,
        Func<DateTimeOffset, DateTimeOffset> nextCheck,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        RequestTimesMs.Add(now.ToUnixTimeMilliseconds());
        var interview = interviews[interviewId];
        if (interview.CompletesAt is { } completesAt && now >= completesAt)
        {
            interview.DetectionDelay = now - completesAt;
            Pending--;
            // As PollingChangeSink does: where completions happen, for the planner.
            if (completions is not null)
            {
                var age = completesAt - interview.TrackedSince;
                await completions.RecordCompletionAsync(vendor.Value, age, cancellationToken);
            }

            return new PollOutcome(null);
        }

        if (now - interview.TrackedSince > maxTrackingAge)
        {
            return new PollOutcome(null); // as InterviewPollTarget: tracking expires
        }

        return new PollOutcome(interview.TrackedSince);
    }
}
