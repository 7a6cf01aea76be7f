namespace InterviewGateway.Delivery;

/// Why an attempt was sent. Every kind counts towards the failure streak; only a test sample does not
/// disable its subscription on 410 Gone (a sample is not an event the subscriber asked for).
internal enum AttemptKind
{
    /// From the delivery queue, with the retry schedule after it.
    Scheduled,

    /// POST /v1/subscriptions/{id}/deliveries/{event}/retry: sent now, no schedule follows.
    ManualRetry,

    /// POST /v1/subscriptions/{id}/test: a sample, sent now, once.
    Test,
}
