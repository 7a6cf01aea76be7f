using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using InterviewGateway.Client.Http;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;

namespace InterviewGateway.Client;

internal sealed class InterviewGatewayClient(IGatewayApi api, TimeProvider time) : IInterviewGatewayClient
{
    // The key is fixed before the first attempt, so the resilience handler's retries send the same one.
    public Task<Interview> CreateInterviewAsync(CreateInterviewRequest request, string? idempotencyKey,
        CancellationToken cancellationToken) =>
        api.CreateInterviewAsync(request, idempotencyKey ?? NewKey(), cancellationToken);

    public async Task<TrackedInterview> TrackInterviewAsync(TrackInterviewRequest request, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        // Raw answer: 201 and 200 carry the same body, and only the status says whether tracking started now.
        using var response = await api.TrackInterviewAsync(request, idempotencyKey ?? NewKey(), cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemReader.ToExceptionAsync(response, time.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
        }

        var interview = await response.Content.ReadFromJsonAsync<Interview>(ClientJson.Options, cancellationToken)
            .ConfigureAwait(false);
        return new TrackedInterview(interview!, response.StatusCode == HttpStatusCode.Created);
    }

    public IAsyncEnumerable<Interview> ListInterviewsAsync(InterviewQuery? query,
        CancellationToken cancellationToken) =>
        PagesAsync((cursor, ct) => api.ListInterviewsAsync(query?.Vendor, query?.Status, query?.UpdatedAfter,
            query?.PageSize, cursor, ct), cancellationToken);

    public Task<Interview> GetInterviewAsync(string id, bool refresh, bool includeVendorData,
        CancellationToken cancellationToken) =>
        api.GetInterviewAsync(id, refresh ? true : null, includeVendorData ? "vendor_data" : null, cancellationToken);

    public Task<Interview> UpdateInterviewAsync(string id, InterviewPatch patch, CancellationToken cancellationToken) =>
        api.UpdateInterviewAsync(id, patch, cancellationToken);

    public Task UntrackInterviewAsync(string id, CancellationToken cancellationToken) =>
        api.UntrackInterviewAsync(id, cancellationToken);

    public Task<Transcript> GetTranscriptAsync(string id, CancellationToken cancellationToken) =>
        api.GetTranscriptAsync(id, cancellationToken);

    public Task<string> GetTranscriptTextAsync(string id, TranscriptTextFormat format,
        CancellationToken cancellationToken) =>
        api.GetTranscriptTextAsync(id, format, cancellationToken);

    public IAsyncEnumerable<TimelineEntry> GetInterviewTimelineAsync(string id, int? pageSize,
        CancellationToken cancellationToken) =>
        PagesAsync((cursor, ct) => api.GetInterviewTimelineAsync(id, pageSize, cursor, ct), cancellationToken);

    public async Task<IReadOnlyList<Vendor>> ListVendorsAsync(CancellationToken cancellationToken) =>
        (await api.ListVendorsAsync(cancellationToken).ConfigureAwait(false)).Data;

    public Task<WebhookRegistration> RegisterVendorWebhookAsync(string vendor, CancellationToken cancellationToken) =>
        api.RegisterVendorWebhookAsync(vendor, cancellationToken);

    public Task<VendorUsage> GetVendorUsageAsync(string vendor, CancellationToken cancellationToken) =>
        api.GetVendorUsageAsync(vendor, cancellationToken);

    public IAsyncEnumerable<VendorWebhook> ListVendorWebhooksAsync(VendorWebhookQuery? query,
        CancellationToken cancellationToken) =>
        PagesAsync((cursor, ct) => api.ListVendorWebhooksAsync(query?.Vendor, query?.Outcome, query?.Since,
            query?.Until, query?.PageSize, cursor, ct), cancellationToken);

    public Task<VendorWebhook> ReplayVendorWebhookAsync(string id, CancellationToken cancellationToken) =>
        api.ReplayVendorWebhookAsync(id, cancellationToken);

    public async IAsyncEnumerable<WebhookEvent> ListEventsAsync(EventQuery? query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bodies = PagesAsync((cursor, ct) => api.ListEventsAsync(query?.Type, query?.InterviewId, query?.PageSize,
            cursor, ct), cancellationToken);
        await foreach (var body in bodies.ConfigureAwait(false))
        {
            yield return WebhookEvents.Parse(body);
        }
    }

    public async Task<IReadOnlyList<EventType>> ListEventTypesAsync(CancellationToken cancellationToken) =>
        (await api.ListEventTypesAsync(cancellationToken).ConfigureAwait(false)).Data;

    public Task<EventType> GetEventTypeAsync(string type, CancellationToken cancellationToken) =>
        api.GetEventTypeAsync(type, cancellationToken);

    public Task<CreatedSubscription> CreateSubscriptionAsync(CreateSubscriptionRequest request,
        CancellationToken cancellationToken) =>
        api.CreateSubscriptionAsync(request, cancellationToken);

    public IAsyncEnumerable<Subscription> ListSubscriptionsAsync(int? pageSize, CancellationToken cancellationToken) =>
        PagesAsync((cursor, ct) => api.ListSubscriptionsAsync(pageSize, cursor, ct), cancellationToken);

    public Task<Subscription> GetSubscriptionAsync(string id, CancellationToken cancellationToken) =>
        api.GetSubscriptionAsync(id, cancellationToken);

    public Task<Subscription> UpdateSubscriptionAsync(string id, UpdateSubscriptionRequest request,
        CancellationToken cancellationToken) =>
        api.UpdateSubscriptionAsync(id, request, cancellationToken);

    public Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken) =>
        api.DeleteSubscriptionAsync(id, cancellationToken);

    public Task<DeliveryAttempt> TestSubscriptionAsync(string id, string? eventType,
        CancellationToken cancellationToken) =>
        api.TestSubscriptionAsync(id, new TestSubscriptionRequest(eventType), cancellationToken);

    public IAsyncEnumerable<DeliveryAttempt> ListDeliveriesAsync(string id, DeliveryQuery? query,
        CancellationToken cancellationToken) =>
        PagesAsync((cursor, ct) => api.ListDeliveriesAsync(id, query?.Status, query?.EventId, query?.PageSize, cursor,
            ct), cancellationToken);

    public Task<DeliveryAttempt> RetryDeliveryAsync(string id, string eventId, CancellationToken cancellationToken) =>
        api.RetryDeliveryAsync(id, eventId, cancellationToken);

    public Task<Operation> RecoverSubscriptionAsync(string id, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        api.RecoverSubscriptionAsync(id, new RecoverSubscriptionRequest(
            since.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)), cancellationToken);

    public Task<Operation> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        api.GetOperationAsync(id, cancellationToken);

    public async Task<Operation> WaitForOperationAsync(string id, TimeSpan? pollInterval,
        CancellationToken cancellationToken)
    {
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        if (interval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), interval, "Poll at most every 100 ms.");
        }

        while (true)
        {
            var operation = await api.GetOperationAsync(id, cancellationToken).ConfigureAwait(false);
            if (operation.IsFinished)
            {
                return operation;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<RotatedSecret> RotateSubscriptionSecretAsync(string id, CancellationToken cancellationToken) =>
        api.RotateSubscriptionSecretAsync(id, cancellationToken);

    public Task<SubscriptionSecrets> GetSubscriptionSecretAsync(string id, CancellationToken cancellationToken) =>
        api.GetSubscriptionSecretAsync(id, cancellationToken);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    /// Follows next_cursor until the server has no more; one request per page, made as the caller reads.
    private static async IAsyncEnumerable<T> PagesAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await fetch(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Data)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}
