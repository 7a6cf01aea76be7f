namespace InterviewGateway.Inbound;

/// Why an interview is brought up to date from outside the poller: a vendor webhook, or reconciliation.
internal enum FollowUpReason
{
    Webhook,
    Reconcile,
}
