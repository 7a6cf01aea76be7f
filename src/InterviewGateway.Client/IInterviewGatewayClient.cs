using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;

namespace InterviewGateway.Client;

/// <summary>
/// The InterviewGateway REST API. Every method throws <see cref="InterviewGatewayProblemException"/> for an
/// error answer (after retrying 429, 503 and transient failures where that is safe, waiting as Retry-After
/// says), and honours its <see cref="CancellationToken"/>. Register it with <c>AddInterviewGatewayClient</c>.
/// </summary>
public interface IInterviewGatewayClient
{
    /// <summary>Creates an interview at the vendor and starts tracking it.</summary>
    /// <param name="request">The vendor, participant and objective.</param>
    /// <param name="idempotencyKey">Your key for this create; a new one per call when null. Retries of this
    /// call reuse it, so the interview is created once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new interview.</returns>
    [OperationId("CreateInterview")]
    Task<Interview> CreateInterviewAsync(CreateInterviewRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default);

    /// <summary>Starts tracking an interview created elsewhere (tracking one twice returns it).</summary>
    /// <param name="request">The vendor and the vendor's interview id.</param>
    /// <param name="idempotencyKey">Your key for this call; a new one per call when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The interview, and whether this call started tracking it.</returns>
    [OperationId("TrackInterview")]
    Task<TrackedInterview> TrackInterviewAsync(TrackInterviewRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default);

    /// <summary>Tracked interviews, newest first, fetched page by page as you enumerate.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every matching interview.</returns>
    [OperationId("ListInterviews")]
    IAsyncEnumerable<Interview> ListInterviewsAsync(InterviewQuery? query = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets one interview from the store, or from the vendor first with <paramref name="refresh"/>.
    /// </summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="refresh">Read the vendor first (spends vendor budget).</param>
    /// <param name="includeVendorData">Add the raw last vendor payload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The interview.</returns>
    [OperationId("GetInterview")]
    Task<Interview> GetInterviewAsync(string id, bool refresh = false, bool includeVendorData = false,
        CancellationToken cancellationToken = default);

    /// <summary>Changes participant name, objective, context or metadata (a JSON merge patch).</summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="patch">What to change; unset members stay as they are.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed interview.</returns>
    [OperationId("UpdateInterview")]
    Task<Interview> UpdateInterviewAsync(string id, InterviewPatch patch,
        CancellationToken cancellationToken = default);

    /// <summary>Stops tracking an interview (it is not deleted at the vendor).</summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is untracked.</returns>
    [OperationId("UntrackInterview")]
    Task UntrackInterviewAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets the transcript as turns.</summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transcript.</returns>
    [OperationId("GetTranscript")]
    Task<Transcript> GetTranscriptAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets the transcript as the vendor's markdown or as plain text.</summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="format">Markdown or text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The transcript text.</returns>
    [OperationId("GetTranscript")]
    Task<string> GetTranscriptTextAsync(string id, TranscriptTextFormat format,
        CancellationToken cancellationToken = default);

    /// <summary>What happened to an interview, oldest first, fetched page by page as you enumerate.</summary>
    /// <param name="id">Gateway interview id.</param>
    /// <param name="pageSize">Entries per request, 1-100 (the server's default when null).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every entry the gateway keeps for the interview.</returns>
    [OperationId("GetInterviewTimeline")]
    IAsyncEnumerable<TimelineEntry> GetInterviewTimelineAsync(string id, int? pageSize = null,
        CancellationToken cancellationToken = default);

    /// <summary>Each vendor: configured or sandbox, capabilities, budgets and their use (not paged).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every registered vendor.</returns>
    [OperationId("ListVendors")]
    Task<IReadOnlyList<Vendor>> ListVendorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers the gateway's webhook URL at a vendor that sends webhooks.</summary>
    /// <param name="vendor">The vendor's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was registered.</returns>
    [OperationId("RegisterVendorWebhook")]
    Task<WebhookRegistration> RegisterVendorWebhookAsync(string vendor, CancellationToken cancellationToken = default);

    /// <summary>A vendor's request counts per minute, hour and day over the last hour, day and month.</summary>
    /// <param name="vendor">The vendor's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage buckets.</returns>
    [OperationId("GetVendorUsage")]
    Task<VendorUsage> GetVendorUsageAsync(string vendor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The inbound log: requests vendors sent to the webhook ingress in the last 7 days, newest first (rejected
    /// ones with their reason, never their body), fetched page by page.
    /// </summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every matching log entry.</returns>
    [OperationId("ListVendorWebhooks")]
    IAsyncEnumerable<VendorWebhook> ListVendorWebhooksAsync(VendorWebhookQuery? query = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs an accepted webhook's follow-up again: the gateway re-reads the interview from the vendor.
    /// </summary>
    /// <param name="id">Log entry id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The log entry replayed.</returns>
    [OperationId("ReplayVendorWebhook")]
    Task<VendorWebhook> ReplayVendorWebhookAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Events of the last 30 days, newest first, with the bodies that were pushed.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every matching event, typed as subscribers receive it.</returns>
    [OperationId("ListEvents")]
    IAsyncEnumerable<WebhookEvent> ListEventsAsync(EventQuery? query = null,
        CancellationToken cancellationToken = default);

    /// <summary>Every event type subscribers can receive, with the JSON Schema of its body (not paged).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The event catalog.</returns>
    [OperationId("ListEventTypes")]
    Task<IReadOnlyList<EventType>> ListEventTypesAsync(CancellationToken cancellationToken = default);

    /// <summary>One event type, with the JSON Schema of its body.</summary>
    /// <param name="type">An event type, e.g. <c>interview.completed</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The event type.</returns>
    [OperationId("GetEventType")]
    Task<EventType> GetEventTypeAsync(string type, CancellationToken cancellationToken = default);

    /// <summary>Registers a webhook URL; the answer shows its signing secret this once.</summary>
    /// <param name="request">The URL and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription with its secret.</returns>
    [OperationId("CreateSubscription")]
    Task<CreatedSubscription> CreateSubscriptionAsync(CreateSubscriptionRequest request,
        CancellationToken cancellationToken = default);

    /// <summary>Every subscription (never with secrets), fetched page by page as you enumerate.</summary>
    /// <param name="pageSize">Subscriptions per request, 1-100 (the server's default when null).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every subscription.</returns>
    [OperationId("ListSubscriptions")]
    IAsyncEnumerable<Subscription> ListSubscriptionsAsync(int? pageSize = null,
        CancellationToken cancellationToken = default);

    /// <summary>Gets one subscription (never with its secret), with its delivery backlog.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    [OperationId("GetSubscription")]
    Task<Subscription> GetSubscriptionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Changes a subscription; members left null stay as they are.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="request">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed subscription.</returns>
    [OperationId("UpdateSubscription")]
    Task<Subscription> UpdateSubscriptionAsync(string id, UpdateSubscriptionRequest request,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes a subscription; its pending deliveries are dropped.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is deleted.</returns>
    [OperationId("DeleteSubscription")]
    Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Sends a sample event marked <c>data.sample = true</c> now and returns the attempt.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="eventType">The sample's type (server default interview.completed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delivery attempt.</returns>
    [OperationId("TestSubscription")]
    Task<DeliveryAttempt> TestSubscriptionAsync(string id, string? eventType = null,
        CancellationToken cancellationToken = default);

    /// <summary>Delivery attempts to a subscription, newest first, fetched page by page.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every matching attempt.</returns>
    [OperationId("ListDeliveries")]
    IAsyncEnumerable<DeliveryAttempt> ListDeliveriesAsync(string id, DeliveryQuery? query = null,
        CancellationToken cancellationToken = default);

    /// <summary>Redelivers one event to a subscription now.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="eventId">Event id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delivery attempt.</returns>
    [OperationId("RetryDelivery")]
    Task<DeliveryAttempt> RetryDeliveryAsync(string id, string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts redelivering every event since a time whose last attempt to this subscription failed. The gateway
    /// answers at once (202) and scans in the background: wait with <see cref="WaitForOperationAsync"/>.
    /// </summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="since">The start (at most 30 days ago).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recovery, usually still running.</returns>
    [OperationId("RecoverSubscription")]
    Task<Operation> RecoverSubscriptionAsync(string id, DateTimeOffset since,
        CancellationToken cancellationToken = default);

    /// <summary>Reads a long-running operation (a recovery): its state and progress.</summary>
    /// <param name="id">Operation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    [OperationId("GetOperation")]
    Task<Operation> GetOperationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads an operation until it has completed or failed, waiting <paramref name="pollInterval"/> between
    /// reads. A failed operation is returned, not thrown: check <see cref="Operation.State"/>.
    /// </summary>
    /// <param name="id">Operation id.</param>
    /// <param name="pollInterval">The wait between reads (1 s when null; at least 100 ms).</param>
    /// <param name="cancellationToken">Stops waiting (the operation goes on at the gateway).</param>
    /// <returns>The finished operation.</returns>
    [OperationId("GetOperation")]
    Task<Operation> WaitForOperationAsync(string id, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default);

    /// <summary>Issues a new signing secret; the old one keeps signing for 24 h.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new secret.</returns>
    [OperationId("RotateSubscriptionSecret")]
    Task<RotatedSecret> RotateSubscriptionSecretAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The secrets that sign a subscription's deliveries now, current first.</summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The secrets.</returns>
    [OperationId("GetSubscriptionSecret")]
    Task<SubscriptionSecrets> GetSubscriptionSecretAsync(string id, CancellationToken cancellationToken = default);
}
