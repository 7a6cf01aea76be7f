using System.ComponentModel;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal static class SubscriptionEndpoints
{
    public static void MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/subscriptions").WithTags("Subscriptions").WithStandardProblems()
            .WithRequestValidation().RequireAuthorization(Scopes.SubscriptionsManage);

        group.MapPost("/", CreateAsync).WithName("CreateSubscription")
            .WithSummary("Register a webhook URL; the response shows its signing secret once")
            .WithExamples(Examples.Create, Examples.Created);
        group.MapGet("/",
            ListAsync).WithName("ListSubscriptions").WithSummary("List subscriptions (never with secrets)")
            .WithExamples(null, new ListResponse<SubscriptionResponse>([Examples.Subscription], null));
        group.MapGet("/{id}", GetAsync).WithName("GetSubscription")
            .WithSummary("Get one subscription (never with its secret), with its delivery backlog")
            .WithExamples(null, Examples.Subscription with { Backlog = new DeliveryBacklogResponse(120, 10, 4.2) });
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateSubscription")
            .WithSummary("Change url, filters, payload, description, max_concurrency or enabled")
            .WithExamples(new UpdateSubscriptionRequest(null, null, null, PayloadMode.Full, null, null, true),
                Examples.Subscription);
        group.MapDelete("/{id}",
            DeleteAsync).WithName("DeleteSubscription")
            .WithSummary("Delete a subscription; pending deliveries are dropped");
        group.MapPost("/{id}/test", TestAsync).WithName("TestSubscription")
            .WithSummary("Send a sample event marked data.sample=true now and return the attempt")
            .WithExamples(new TestSubscriptionRequest("interview.completed"), Examples.Attempt);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).WithName("ListDeliveries")
            .WithSummary("Delivery attempts, newest first")
            .WithExamples(null, new ListResponse<DeliveryAttemptResponse>([Examples.Attempt], null));
        group.MapPost("/{id}/deliveries/{event_id}/retry", RetryAsync).WithName("RetryDelivery")
            .WithSummary("Redeliver one event to this subscription now")
            .WithExamples(null, Examples.Attempt);
        group.MapPost("/{id}/recover", RecoverAsync).WithName("RecoverSubscription")
            .WithSummary("Start redelivering every event since a time that this subscription has not received; "
                + "follow the operation at Location")
            .WithExamples(new RecoverSubscriptionRequest("2026-11-01T09:00:00Z"), OperationEndpoints.Example);
        group.MapPost("/{id}/rotate-secret", RotateSecretAsync).WithName("RotateSubscriptionSecret")
            .WithSummary("Issue a new signing secret; the old one keeps signing for 24 h (both signatures are sent)")
            .WithExamples(null, new RotatedSecretResponse(Examples.Created.Secret, Examples.At.AddHours(24)));
        group.MapGet("/{id}/secret", GetSecretAsync).WithName("GetSubscriptionSecret")
            .WithSummary("The secrets that sign deliveries now, current first (for operators who lost it)")
            .WithExamples(null, new SubscriptionSecretsResponse([new(Examples.Created.Secret, null),
                new("whsec_3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Examples.At.AddHours(24))]));
    }

    internal static async Task<Created<CreatedSubscriptionResponse>> CreateAsync(
        CreateSubscriptionRequest request, SubscriptionService subscriptions, HttpResponse response,
            CancellationToken cancellationToken)
    {
        var (s, secret) = await subscriptions.CreateAsync(request, cancellationToken);
        response.Headers.CacheControl = "no-store"; // the one response that shows the first secret
        return TypedResults.Created($"/v1/subscriptions/{s.Id}",
            new CreatedSubscriptionResponse(s.Id, s.Url, s.EventTypes, s.Vendors, s.Payload, s.Description,
                s.MaxConcurrency, s.Enabled, s.CreatedAt, secret));
    }

    internal static async Task<Ok<ListResponse<SubscriptionResponse>>> ListAsync(
        ISubscriptionStore store,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        CancellationToken cancellationToken)
    {
        var size = QueryParsing.Limit(limit);
        var all = await store.ListAsync(cancellationToken);
        var page = all.Where(s => cursor is null || string.CompareOrdinal(s.Id, cursor) > 0).Take(size + 1).ToList();
        var next = page.Count > size ? page[size - 1].Id : null;
        return TypedResults.Ok(new ListResponse<SubscriptionResponse>([.. page.Take(size).Select(s => s.ToResponse())],
            next));
    }

    internal static async Task<Ok<SubscriptionResponse>> GetAsync(
        [Description("Subscription id")] string id, SubscriptionService subscriptions,
            CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(id, cancellationToken);
        var backlog = await subscriptions.BacklogAsync(id, cancellationToken);
        return TypedResults.Ok(subscription.ToResponse() with { Backlog = backlog });
    }

    internal static async Task<Ok<SubscriptionResponse>> UpdateAsync(
        [Description("Subscription id")] string id, UpdateSubscriptionRequest request,
            SubscriptionService subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await subscriptions.UpdateAsync(id, request, cancellationToken)).ToResponse());

    internal static async Task<NoContent> DeleteAsync(
        [Description("Subscription id")] string id, SubscriptionService subscriptions,
            CancellationToken cancellationToken)
    {
        await subscriptions.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<DeliveryAttemptResponse>> TestAsync(
        [Description("Subscription id")] string id, TestSubscriptionRequest? request, SubscriptionService subscriptions,
            CancellationToken cancellationToken) =>
        TypedResults.Ok((await subscriptions.SendTestAsync(id, request?.EventType, cancellationToken)).ToResponse());

    internal static async Task<Ok<ListResponse<DeliveryAttemptResponse>>> ListDeliveriesAsync(
        [Description("Subscription id")] string id,
        [Description("succeeded, failed or pending"),
            DocumentedAs(ParameterKind.OneOf, Enum = typeof(DeliveryStatus))] string? status,
        [Description("Only attempts for this event")] string? event_id,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        SubscriptionService subscriptions, ISubscriptionStore store, CancellationToken cancellationToken)
    {
        _ = await subscriptions.GetAsync(id, cancellationToken);
        var wanted = QueryParsing.Enum<DeliveryStatus>("status", status);
        var size = QueryParsing.Limit(limit);
        var attempts = (await store.ListAttemptsAsync(id, cancellationToken))
            .Where(a => (wanted is null || a.Status == wanted) && (event_id is null || a.EventId == event_id)).ToList();
        var start = cursor is null ? 0 : attempts.FindIndex(a => a.Id == cursor) + 1;
        if (cursor is not null && start == 0)
        {
            throw ProblemException.Validation("cursor", "cursor is not one this API returned.");
        }

        var page = attempts.Skip(start).Take(size + 1).ToList();
        return TypedResults.Ok(new ListResponse<DeliveryAttemptResponse>(
            [.. page.Take(size).Select(a => a.ToResponse())], page.Count > size ? page[size - 1].Id : null));
    }

    internal static async Task<Ok<DeliveryAttemptResponse>> RetryAsync(
        [Description("Subscription id")] string id, [Description("Event id")] string event_id,
            SubscriptionService subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await subscriptions.RetryAsync(id, event_id, cancellationToken)).ToResponse());

    internal static async Task<Accepted<OperationResponse>> RecoverAsync(
        [Description("Subscription id")] string id, RecoverSubscriptionRequest request,
            SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        var operation = await subscriptions.RecoverAsync(id, request.Since, cancellationToken);
        return TypedResults.Accepted($"/v1/operations/{operation.Id}", operation.ToResponse());
    }

    // Responses that carry secrets must not be kept by a proxy or browser cache.
    internal static async Task<Ok<RotatedSecretResponse>> RotateSecretAsync(
        [Description("Subscription id")] string id, SubscriptionService subscriptions, HttpResponse response,
            CancellationToken cancellationToken)
    {
        var (secret, previousExpiresAt) = await subscriptions.RotateSecretAsync(id, cancellationToken);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new RotatedSecretResponse(secret, previousExpiresAt));
    }

    internal static async Task<Ok<SubscriptionSecretsResponse>> GetSecretAsync(
        [Description("Subscription id")] string id, SubscriptionService subscriptions, HttpResponse response,
            CancellationToken cancellationToken)
    {
        var secrets = await subscriptions.GetSecretsAsync(id, cancellationToken);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SubscriptionSecretsResponse(
            [.. secrets.Select(s => new SubscriptionSecretResponse(s.Secret, s.ExpiresAt))]));
    }

    private static class Examples
    {
        public static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        public static readonly CreateSubscriptionRequest Create = new("https://hooks.example.com/interviews",
            ["interview.completed"], null, PayloadMode.Full, "CRM sync", 10);

        public static readonly CreatedSubscriptionResponse Created = new("sub_19a4b2c3d4e1a2b3c4d5e6", Create.Url!,
            ["interview.completed"], null, PayloadMode.Full,
            "CRM sync", 10, true, At, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        public static readonly SubscriptionResponse Subscription = new("sub_19a4b2c3d4e1a2b3c4d5e6", Create.Url!,
            ["interview.completed"], null,
            PayloadMode.Full, "CRM sync", 10, true, null, null, At, At);

        public static readonly DeliveryAttemptResponse Attempt = new("att_5f1c2d3e4f5a6b7c8d9e",
            "evt_3b8f0c2a91d4e5f60718293a4b", "interview.completed", 1, At, 200, 84, "ok", null,
            DeliveryStatus.Succeeded, null);
    }
}
