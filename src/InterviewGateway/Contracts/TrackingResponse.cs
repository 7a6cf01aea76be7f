
namespace InterviewGateway.Contracts;

internal sealed record TrackingResponse(TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt);
