namespace InterviewGateway.Delivery;

/// Attempt log lines kept per subscription (newest first), in both stores.
internal static class SubscriptionLimits
{
    public const int AttemptsKept = 1000;
}
