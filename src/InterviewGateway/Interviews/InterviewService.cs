using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Timeline;
using InterviewGateway.Vendors;

namespace InterviewGateway.Interviews;

/// Everything that changes a stored interview goes through here, so merging vendor snapshots, status
/// rules and change notification happen in exactly one place.
internal sealed class InterviewService(
    IInterviewStore store,
    VendorCatalog catalog,
    IServiceProvider services,
    IEnumerable<IInterviewChangeSink> sinks,
    IEventRelay relay,
    ISharedClock clock,
    RetentionOptions retention,
    TimelineRecorder timeline,
    TimeProvider time)
{
    private const int MaxCasAttempts = 10;

    public async Task<Interview> CreateAsync(
        string vendor,
        CreateInterviewCommand command,
        IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        var descriptor = RequireVendor(vendor);
        using var calls = VendorCallScope.Begin();
        if (!descriptor.Capabilities.Create)
        {
            var hint = descriptor.Capabilities.CreateUnsupportedHint;
            throw ProblemException.Unsupported(
                $"{descriptor.Key.DisplayName} has no API to create interviews. {hint}".Trim());
        }

        var snapshot = await Adapter(descriptor).CreateAsync(command, cancellationToken);
        var now = time.GetUtcNow();
        var interview = SnapshotMerge.Apply(SnapshotMerge.NewInterview(descriptor, snapshot.VendorInterviewId, now) with
        {
            Participant = command.Participant,
            Objective = command.Objective,
            Context = command.Context,
            Metadata = metadata,
        }, snapshot, now);
        var stamp = await clock.GetUtcNowAsync(cancellationToken);
        interview = interview with { Version = InterviewSequence.Next(0, stamp) };
        var implied = EventComposer.ComposeTracked(interview, DetectedBy.Create, stamp, retention.Events);
        var committed = await store.TryAddAsync(interview, implied, cancellationToken);
        if (committed is null)
        {
            // The vendor's webhook can arrive, and start tracking, before this answer does: the
            // interview is the same one, so keep what the caller sent on top of what is stored.
            return await UpdateAsync(interview.Id, current => current with
            {
                Participant = command.Participant.Over(current.Participant),
                Objective = command.Objective ?? current.Objective,
                Context = command.Context ?? current.Context,
                Metadata = metadata.Count > 0 ? metadata : current.Metadata,
            }, detectedBy: null, cancellationToken);
        }

        await timeline.TrackedAsync(interview.Id, created: true, "create", calls, committed);
        await relay.RelayAsync(committed, CancellationToken.None);
        await NotifyAsync(s => s.OnTrackedAsync(interview, DetectedBy.Create, CancellationToken.None));
        return interview;
    }

    /// Starts tracking an interview created elsewhere; `Created` is false when it was already tracked.
    /// `untracked`: the caller has just read the store and found nothing, so it is not read again (a
    /// tracker that got there meanwhile still wins: the store adds only what is not there).
    public async Task<(Interview Interview, bool Created)> TrackAsync(
        string vendor,
        string vendorInterviewId,
        IReadOnlyDictionary<string, string> metadata,
        Participant? participant,
        CancellationToken cancellationToken,
        DetectedBy detectedBy = DetectedBy.Track,
        bool untracked = false)
    {
        var descriptor = RequireVendor(vendor);
        using var calls = VendorCallScope.Begin();
        var adapter = Adapter(descriptor);
        if (!adapter.IsValidInterviewId(vendorInterviewId))
        {
            throw ProblemException.Validation("vendor_interview_id",
                $"'{vendorInterviewId}' is not a valid {descriptor.Key.DisplayName} interview id.");
        }

        var id = Interview.MakeId(descriptor.Key.Value, vendorInterviewId);
        if (!untracked && await store.GetAsync(id, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        var snapshot = await adapter.GetAsync(vendorInterviewId, cancellationToken);
        var now = time.GetUtcNow();
        var interview = SnapshotMerge.Apply(SnapshotMerge.NewInterview(descriptor, vendorInterviewId, now) with
        {
            Participant = participant ?? new Participant(),
            Metadata = metadata,
        }, snapshot, now);
        var stamp = await clock.GetUtcNowAsync(cancellationToken);
        interview = interview with { Version = InterviewSequence.Next(0, stamp) };
        var implied = EventComposer.ComposeTracked(interview, detectedBy, stamp, retention.Events);
        var committed = await store.TryAddAsync(interview, implied, cancellationToken);
        if (committed is null)
        {
            return (await store.GetAsync(id, cancellationToken) ?? interview, false);
        }

        await timeline.TrackedAsync(id, created: false, Wire(detectedBy), calls, committed);
        await relay.RelayAsync(committed, CancellationToken.None);
        await NotifyAsync(s => s.OnTrackedAsync(interview, detectedBy, CancellationToken.None));
        return (interview, true);
    }

    public async Task<Interview> GetAsync(string id, bool refresh, CancellationToken cancellationToken)
    {
        var interview = await store.GetAsync(id, cancellationToken) ?? throw NotTracked(id);
        return refresh ? await RefreshAsync(interview, DetectedBy.Refresh, cancellationToken) : interview;
    }

    /// Reads the vendor and merges what it says; used by refresh, polling, webhooks and reconciliation.
    public async Task<Interview> RefreshAsync(Interview interview, DetectedBy detectedBy,
        CancellationToken cancellationToken, DateTimeOffset? nextCheckAt = null)
    {
        var descriptor = RequireVendor(interview.Vendor);
        using var calls = VendorCallScope.Begin();
        var snapshot = await Adapter(descriptor).GetAsync(interview.VendorInterviewId, cancellationToken);
        return await UpdateAsync(interview.Id, current =>
        {
            var updated = SnapshotMerge.Apply(current, snapshot, time.GetUtcNow());
            return nextCheckAt is null || updated.Status.IsTerminal()
                ? updated
                : updated with { Tracking = updated.Tracking with { NextCheckAt = nextCheckAt } };
        }, detectedBy, cancellationToken, calls);
    }

    public async Task<Interview> PatchAsync(string id, InterviewPatch patch, CancellationToken cancellationToken)
    {
        var interview = await store.GetAsync(id, cancellationToken) ?? throw NotTracked(id);
        var descriptor = RequireVendor(interview.Vendor);
        var refused = patch.VendorFields.Where(f => !descriptor.Capabilities.UpdatableFields.Contains(f)).ToArray();
        if (refused.Length > 0)
        {
            throw ProblemException.Unsupported(
                $"{descriptor.Key.DisplayName} cannot change {string.Join(", ", refused)}; "
                + "only metadata can be changed for its interviews.");
        }

        var context = patch.ContextMode == ContextMode.Merge && patch.Context is { } added
            ? JsonMerge.Merge(interview.Context, added)
            : patch.Context ?? interview.Context;
        if (patch.VendorFields.Count > 0)
        {
            await Adapter(descriptor).UpdateAsync(interview.VendorInterviewId,
                new VendorUpdate(patch.ParticipantName, patch.Objective, patch.Context is null ? null : context),
                cancellationToken);
        }

        return await UpdateAsync(id, current => current with
        {
            Participant = patch.ParticipantName is { } name
                ? current.Participant with { Name = name }
                : current.Participant,
            Objective = patch.Objective ?? current.Objective,
            Context = patch.Context is null ? current.Context : context,
            Metadata = patch.ApplyMetadata(current.Metadata),
            UpdatedAt = time.GetUtcNow(),
        }, detectedBy: null, cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var interview = await store.GetAsync(id, cancellationToken) ?? throw NotTracked(id);
        await store.DeleteAsync(id, cancellationToken);
        await NotifyAsync(s => s.OnUntrackedAsync(interview, CancellationToken.None));
    }

    /// Compare-and-swap loop: re-read and re-apply on a lost race. The events the change implies are
    /// stored in the same commit (the outbox), then relayed, then the change sinks are told once.
    public async Task<Interview> UpdateAsync(string id, Func<Interview, Interview> change, DetectedBy? detectedBy,
        CancellationToken cancellationToken, VendorCallScope? calls = null)
    {
        for (var attempt = 0; attempt < MaxCasAttempts; attempt++)
        {
            var current = await store.GetAsync(id, cancellationToken) ?? throw NotTracked(id);
            var updated = change(current);
            var stamp = await clock.GetUtcNowAsync(cancellationToken);
            var stored = updated with { Version = InterviewSequence.Next(current.Version, stamp) };
            var implied = detectedBy is { } detected ? EventComposer.Compose(current, stored, detected, stamp) : [];
            if (await store.TryReplaceAsync(stored, current.Version, implied, cancellationToken) is { } committed)
            {
                // From here on the change is stored: nothing below may be cut short by the caller. The
                // timeline is written before the relay, so it lists the change before its deliveries.
                await timeline.ChangedAsync(id, calls, current.Status, stored.Status, stored.Version, committed);
                await relay.RelayAsync(committed, CancellationToken.None);
                if (detectedBy is { } by)
                {
                    await NotifyAsync(s => s.OnChangedAsync(current, stored, by, CancellationToken.None));
                }

                return stored;
            }
        }

        throw ProblemException.Conflict($"Interview '{id}' is changing too often to update; retry shortly.");
    }

    /// Runs after the store committed, with CancellationToken.None: a caller who hangs up must not cut
    /// the scheduling of a change that is already stored.
    private async Task NotifyAsync(Func<IInterviewChangeSink, Task> notify)
    {
        foreach (var sink in sinks)
        {
            await notify(sink);
        }
    }

    private static string Wire(DetectedBy detectedBy) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(detectedBy.ToString());

    private VendorDescriptor RequireVendor(string vendor) => catalog.TryGet(vendor, out var descriptor)
        ? descriptor
        : throw ProblemException.Validation("vendor",
            $"Unknown vendor '{vendor}'. Known vendors: {string.Join(", ", catalog.All.Select(d => d.Key.Value))}.");

    private IVendorAdapter Adapter(VendorDescriptor descriptor) =>
        services.GetRequiredKeyedService<IVendorAdapter>(descriptor.Key.Value);

    private static ProblemException NotTracked(string id) =>
        ProblemException.NotFound($"No tracked interview has the id '{id}'.");
}
