namespace InterviewGateway.Contracts;

internal enum TrackingState
{
    Active,
    Stopped,
}
