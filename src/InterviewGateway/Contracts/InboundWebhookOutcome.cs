namespace InterviewGateway.Contracts;

internal enum InboundWebhookOutcome
{
    Accepted,
    Duplicate,
    Rejected,
}
