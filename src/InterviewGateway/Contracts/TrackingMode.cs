namespace InterviewGateway.Contracts;

internal enum TrackingMode
{
    Poll,
    Webhook,
}
