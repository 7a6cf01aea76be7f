namespace InterviewGateway.Interviews;

internal enum TrackingMode
{
    Poll,
    Webhook,
}

internal enum TrackingState
{
    Active,
    Stopped,
}

internal sealed record Tracking(
    TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt, DateTimeOffset? NextCheckAt);
