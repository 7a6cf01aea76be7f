namespace InterviewGateway.Events;

internal static class EventTypes
{
    public const string Completed = "interview.completed";
    public const string StatusChanged = "interview.status_changed";
    public const string Failed = "interview.failed";
    public const string Cancelled = "interview.cancelled";
    public const string Updated = "interview.updated";
    public const string SubscriptionTest = "subscription.test";
    public const string SubscriptionDisabled = "subscription.disabled";

    public static readonly string[] All =
        [Completed, StatusChanged, Failed, Cancelled, Updated, SubscriptionTest, SubscriptionDisabled];

    public const string SchemaVersion = "2026-11-01";
}
