using InterviewGateway.Contracts;

namespace InterviewGateway.Interviews;

internal sealed record Tracking(
    TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt, DateTimeOffset? NextCheckAt);
