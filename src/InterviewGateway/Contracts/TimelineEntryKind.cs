namespace InterviewGateway.Contracts;

internal enum TimelineEntryKind
{
    Created,
    Tracked,
    VendorCall,
    InboundWebhook,
    StoredChange,
    Event,
    DeliveryAttempt,
}
