using InterviewGateway.Contracts;
using InterviewGateway.Vendors;

namespace InterviewGateway.Interviews;

/// How what a vendor reports becomes the stored interview. Pure, so it is unit-tested.
internal static class SnapshotMerge
{
    /// Merges a vendor snapshot: statuses only move forward, caller-sent values survive vendor gaps.
    public static Interview Apply(Interview current, VendorInterview snapshot, DateTimeOffset now)
    {
        var status = InterviewStatusRules.Advance(current.Status, snapshot.Status);
        var changed = status != current.Status;
        return current with
        {
            Status = status,
            PreviousStatus = changed ? current.Status : current.PreviousStatus,
            VendorStatus = snapshot.VendorStatus,
            // What the caller told us wins; the vendor fills the gaps (some vendors return no name or email).
            Participant = current.Participant.Over(snapshot.Participant),
            Objective = snapshot.Objective ?? current.Objective,
            InterviewUrl = snapshot.InterviewUrl ?? current.InterviewUrl,
            IsTest = snapshot.IsTest || current.IsTest,
            CreatedAt = snapshot.CreatedAt ?? current.CreatedAt,
            StartedAt = snapshot.StartedAt ?? current.StartedAt,
            CompletedAt = snapshot.CompletedAt ?? current.CompletedAt,
            DurationSeconds = snapshot.DurationSeconds ?? current.DurationSeconds,
            Summary = snapshot.Summary ?? current.Summary,
            Transcript = snapshot.Transcript ?? current.Transcript,
            Analysis = snapshot.Analysis ?? current.Analysis,
            VendorData = snapshot.Raw ?? current.VendorData,
            UpdatedAt = now,
            Tracking = current.Tracking with
            {
                LastCheckedAt = now,
                State = status.IsTerminal() ? TrackingState.Stopped : current.Tracking.State,
                NextCheckAt = status.IsTerminal() ? null : current.Tracking.NextCheckAt,
            },
        };
    }

    /// A newly tracked interview before its first snapshot is applied.
    public static Interview NewInterview(VendorDescriptor descriptor, string vendorInterviewId, DateTimeOffset now) =>
        new()
        {
            Id = Interview.MakeId(descriptor.Key.Value, vendorInterviewId),
            Vendor = descriptor.Key.Value,
            VendorInterviewId = vendorInterviewId,
            Status = InterviewStatus.Unknown,
            CreatedAt = now,
            UpdatedAt = now,
            TrackedSince = now,
            Tracking = new Tracking(descriptor.Capabilities.Webhooks ? TrackingMode.Webhook : TrackingMode.Poll,
                TrackingState.Active, null, null),
        };
}
