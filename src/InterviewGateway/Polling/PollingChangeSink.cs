using InterviewGateway.Contracts;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

/// Puts newly tracked poll-capable interviews in the due queue and takes finished ones out.
internal sealed class PollingChangeSink(
    IPollQueue queue, VendorCatalog catalog, PollDispatcher dispatcher, TimeProvider time, ICompletionStats completions)
    : IInterviewChangeSink
{
    /// The first poll comes when the plan would poll an interview of this age next: the wanted cadence
    /// while the budget suffices, later when it binds and completions this young are rare.
    public async Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken)
    {
        var descriptor = catalog.Get(interview.Vendor);
        if (descriptor.Capabilities.Polling && !interview.Status.IsTerminal())
        {
            var now = time.GetUtcNow();
            var plan = await dispatcher.PlanAsync(descriptor.Key, cancellationToken);
            var due = now + plan.IntervalFor(now - interview.TrackedSince);
            await queue.ScheduleAsync(interview.Vendor, interview.Id, due, interview.TrackedSince, cancellationToken);
        }
    }

    public async Task OnChangedAsync(
        Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken)
    {
        if (!after.Status.IsTerminal())
        {
            return;
        }

        await queue.RemoveAsync(after.Vendor, after.Id, cancellationToken);
        if (!before.Status.IsTerminal() && catalog.Get(after.Vendor).Capabilities.Polling)
        {
            // Where completions happen, for the planner: the vendor's completion time if it gave one.
            var age = (after.CompletedAt ?? time.GetUtcNow()) - after.TrackedSince;
            var nonNegative = age > TimeSpan.Zero ? age : TimeSpan.Zero;
            await completions.RecordCompletionAsync(after.Vendor, nonNegative, cancellationToken);
        }
    }

    public Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken) =>
        queue.RemoveAsync(interview.Vendor, interview.Id, cancellationToken);
}
