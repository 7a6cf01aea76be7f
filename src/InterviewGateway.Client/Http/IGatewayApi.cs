using System.Text.Json;
using InterviewGateway.Client.Models;
using Refit;

namespace InterviewGateway.Client.Http;

/// The wire: one Refit method per route. InterviewGatewayClient adds paging, idempotency keys and the
/// operationId mapping on top; RefitSettings.ExceptionFactory turns error answers into the problem exception.
internal interface IGatewayApi
{
    [Post("/v1/interviews")]
    Task<Interview> CreateInterviewAsync([Body] CreateInterviewRequest request,
        [Header("Idempotency-Key")] string idempotencyKey, CancellationToken cancellationToken);

    [Post("/v1/interviews/track")]
    Task<HttpResponseMessage> TrackInterviewAsync([Body] TrackInterviewRequest request,
        [Header("Idempotency-Key")] string idempotencyKey, CancellationToken cancellationToken);

    [Get("/v1/interviews")]
    Task<Page<Interview>> ListInterviewsAsync(string? vendor, InterviewStatus? status,
        [AliasAs("updated_after")] DateTimeOffset? updatedAfter, int? limit, string? cursor,
        CancellationToken cancellationToken);

    [Get("/v1/interviews/{id}")]
    Task<Interview> GetInterviewAsync(string id, bool? refresh, string? include, CancellationToken cancellationToken);

    [Patch("/v1/interviews/{id}")]
    [Headers("Content-Type: application/merge-patch+json")]
    Task<Interview> UpdateInterviewAsync(string id, [Body] InterviewPatch patch, CancellationToken cancellationToken);

    [Delete("/v1/interviews/{id}")]
    Task UntrackInterviewAsync(string id, CancellationToken cancellationToken);

    [Get("/v1/interviews/{id}/transcript")]
    Task<Transcript> GetTranscriptAsync(string id, CancellationToken cancellationToken);

    [Get("/v1/interviews/{id}/transcript")]
    Task<string> GetTranscriptTextAsync(string id, TranscriptTextFormat format, CancellationToken cancellationToken);

    [Get("/v1/interviews/{id}/timeline")]
    Task<Page<TimelineEntry>> GetInterviewTimelineAsync(string id, int? limit, string? cursor,
        CancellationToken cancellationToken);

    [Get("/v1/vendors")]
    Task<Page<Vendor>> ListVendorsAsync(CancellationToken cancellationToken);

    [Post("/v1/vendors/{vendor}/webhook-registration")]
    Task<WebhookRegistration> RegisterVendorWebhookAsync(string vendor, CancellationToken cancellationToken);

    [Get("/v1/vendors/{vendor}/usage")]
    Task<VendorUsage> GetVendorUsageAsync(string vendor, CancellationToken cancellationToken);

    [Get("/v1/vendor-webhooks")]
    Task<Page<VendorWebhook>> ListVendorWebhooksAsync(string? vendor, InboundWebhookOutcome? outcome,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, string? cursor, CancellationToken cancellationToken);

    [Post("/v1/vendor-webhooks/{id}/replay")]
    Task<VendorWebhook> ReplayVendorWebhookAsync(string id, CancellationToken cancellationToken);

    [Get("/v1/events")]
    Task<Page<JsonElement>> ListEventsAsync(string? type, [AliasAs("interview_id")] string? interviewId, int? limit,
        string? cursor, CancellationToken cancellationToken);

    [Get("/v1/event-types")]
    Task<Page<EventType>> ListEventTypesAsync(CancellationToken cancellationToken);

    [Get("/v1/event-types/{type}")]
    Task<EventType> GetEventTypeAsync(string type, CancellationToken cancellationToken);

    [Post("/v1/subscriptions")]
    Task<CreatedSubscription> CreateSubscriptionAsync([Body] CreateSubscriptionRequest request,
        CancellationToken cancellationToken);

    [Get("/v1/subscriptions")]
    Task<Page<Subscription>> ListSubscriptionsAsync(int? limit, string? cursor, CancellationToken cancellationToken);

    [Get("/v1/subscriptions/{id}")]
    Task<Subscription> GetSubscriptionAsync(string id, CancellationToken cancellationToken);

    [Patch("/v1/subscriptions/{id}")]
    Task<Subscription> UpdateSubscriptionAsync(string id, [Body] UpdateSubscriptionRequest request,
        CancellationToken cancellationToken);

    [Delete("/v1/subscriptions/{id}")]
    Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken);

    [Post("/v1/subscriptions/{id}/test")]
    Task<DeliveryAttempt> TestSubscriptionAsync(string id, [Body] TestSubscriptionRequest request,
        CancellationToken cancellationToken);

    [Get("/v1/subscriptions/{id}/deliveries")]
    Task<Page<DeliveryAttempt>> ListDeliveriesAsync(string id, DeliveryStatus? status,
        [AliasAs("event_id")] string? eventId, int? limit, string? cursor, CancellationToken cancellationToken);

    [Post("/v1/subscriptions/{id}/deliveries/{eventId}/retry")]
    Task<DeliveryAttempt> RetryDeliveryAsync(string id, string eventId, CancellationToken cancellationToken);

    [Post("/v1/subscriptions/{id}/recover")]
    Task<Operation> RecoverSubscriptionAsync(string id, [Body] RecoverSubscriptionRequest request,
        CancellationToken cancellationToken);

    [Get("/v1/operations/{id}")]
    Task<Operation> GetOperationAsync(string id, CancellationToken cancellationToken);

    [Post("/v1/subscriptions/{id}/rotate-secret")]
    Task<RotatedSecret> RotateSubscriptionSecretAsync(string id, CancellationToken cancellationToken);

    [Get("/v1/subscriptions/{id}/secret")]
    Task<SubscriptionSecrets> GetSubscriptionSecretAsync(string id, CancellationToken cancellationToken);
}
