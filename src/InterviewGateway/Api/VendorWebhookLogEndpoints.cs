using System.ComponentModel;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Contracts;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

/// The inbound vendor webhook log (every request, rejected ones included) and replaying an accepted one.
internal static class VendorWebhookLogEndpoints
{
    private static VendorWebhookLogResponse Example(string vendor) => new("vwh_1793610000000-0", vendor,
        "/v1/vendor-webhooks/" + vendor, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        InboundWebhookOutcome.Accepted, null,
        "interview.completed", "a1b2c3d4-5678-90ab-cdef-111111111111", 182, null, "4bf92f3577b34da6a3ce929d0e0e4736");

    public static void MapVendorWebhookLog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/vendor-webhooks").WithTags("Vendor webhooks").WithStandardProblems()
            .RequireAuthorization(Scopes.SubscriptionsManage);

        group.MapGet("/", ListAsync).WithName("ListVendorWebhooks")
            .WithSummary("Every inbound vendor webhook request of the last 7 days, newest first, rejected ones "
                + "with their reason (never their body)")
            .WithExample(catalog => new ListResponse<VendorWebhookLogResponse>([Example(WebhookVendor(catalog)),
                Example(WebhookVendor(catalog)) with
                {
                    Id = "vwh_1793609990000-0", Outcome = InboundWebhookOutcome.Rejected,
                    Reason = InboundWebhookRejection.BadSignature, Event = null, VendorInterviewId = null,
                    BodySha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                }], null));
        group.MapPost("/{id}/replay", ReplayAsync).WithName("ReplayVendorWebhook")
            .WithSummary("Run an accepted webhook's follow-up again (re-read the interview from the vendor)")
            .WithExample(catalog => Example(WebhookVendor(catalog)));
    }

    private static string WebhookVendor(VendorCatalog catalog) =>
        catalog.All.First(v => v.Capabilities.Webhooks).Key.Value;

    internal static async Task<Ok<ListResponse<VendorWebhookLogResponse>>> ListAsync(IInboundWebhookLog log,
        [Description("Only requests to this vendor path"), DocumentedAs(ParameterKind.WebhookVendor)] string? vendor,
        [Description("accepted, duplicate or rejected"),
            DocumentedAs(ParameterKind.OneOf, Enum = typeof(InboundWebhookOutcome))] string? outcome,
        [Description("RFC 3339: only requests received at or after this time"), DocumentedAs(ParameterKind.Timestamp)]
        string? since,
        [Description("RFC 3339: only requests received at or before this time"), DocumentedAs(ParameterKind.Timestamp)]
        string? until,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        CancellationToken cancellationToken)
    {
        var query = new InboundWebhookQuery(QueryParsing.Limit(limit), cursor, vendor,
            QueryParsing.Enum<InboundWebhookOutcome>("outcome", outcome), QueryParsing.Timestamp("since", since),
            QueryParsing.Timestamp("until", until));
        if (query.Since > query.Until)
        {
            throw ProblemException.Validation("until", "until must not be before since.");
        }

        var (items, next) = await log.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new ListResponse<VendorWebhookLogResponse>([.. items.Select(e => e.ToResponse())],
            next));
    }

    /// A replay is a new signal for the same interview: it owes the follow-up again under a mark of its own,
    /// so the follow-up dispatcher runs it like any accepted webhook.
    internal static async Task<Accepted<VendorWebhookLogResponse>> ReplayAsync(
        [Description("Log entry id")] string id, IInboundWebhookLog log, IFollowUpQueue followUps,
        FollowUpSignal signal, RedisKeys keys, RetentionOptions retention, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var entry = await log.GetAsync(id, cancellationToken)
            ?? throw ProblemException.NotFound($"No inbound webhook has the id '{id}' (kept 7 days).");
        if (entry is not
            { Outcome: InboundWebhookOutcome.Accepted, Vendor: { } vendor, VendorInterviewId: { } vendorInterviewId })
        {
            throw ProblemException.Conflict("Only an accepted webhook about an interview can be replayed.");
        }

        var replay = $"replay:{entry.Id}:{time.GetUtcNow().ToUnixTimeMilliseconds()}";
        var mark = keys.VendorWebhookSeen(vendor, vendorInterviewId, InboundWebhooks.DeliveryHash(replay));
        await followUps.AcceptAsync(new FollowUpAccept(mark, "{}", retention.VendorWebhookDedupe, vendor,
            vendorInterviewId) { TraceParent = GatewayActivity.TraceParent }, cancellationToken);
        signal.Set();
        return TypedResults.Accepted((string?)null, entry.ToResponse());
    }
}
