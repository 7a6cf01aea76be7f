namespace InterviewGateway.Interviews;

internal enum DetectedBy
{
    Poll,
    VendorWebhook,
    Reconcile,
    Refresh,
    Create,
    Track,
}
