using System.ComponentModel;
using System.Globalization;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Interviews;
using InterviewGateway.Timeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

/// What the gateway did for one interview, in order, each entry with the trace id of the work behind it.
internal static class TimelineEndpoints
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 14, 30, 0, TimeSpan.Zero);
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static readonly TimelineEntryResponse Empty = new(TimelineEntryKind.Event, At, Trace, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null);

    public static void MapTimeline(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1/interviews").WithTags("Interviews").WithStandardProblems()
            .RequireAuthorization(Scopes.InterviewsRead)
            .MapGet("/{id}/timeline", ListAsync).WithName("GetInterviewTimeline")
            .WithSummary("Everything the gateway did for an interview, oldest first, kept as long as its events")
            .WithExamples(null, new ListResponse<TimelineEntryResponse>([
                Empty with { Kind = TimelineEntryKind.InboundWebhook, Outcome = "accepted",
                    WebhookId = "vwh_1793610000000-0" },
                Empty with { Kind = TimelineEntryKind.VendorCall, Purpose = "webhook", StatusCode = 200,
                    DurationMs = 84, BudgetWaitMs = 0 },
                Empty with { Kind = TimelineEntryKind.StoredChange, FromStatus = InterviewStatus.InProgress,
                    ToStatus = InterviewStatus.Completed, Version = 3 },
                Empty with { EventId = "evt_3b8f0c2a91d4e5f60718293a4b", EventType = "interview.completed",
                    Sequence = 3 },
                Empty with { Kind = TimelineEntryKind.DeliveryAttempt, SubscriptionId = "sub_19a4b2c3d4e1a2b3c4d5e6",
                    EventId = "evt_3b8f0c2a91d4e5f60718293a4b", Attempt = 1, StatusCode = 500, DurationMs = 41,
                    NextAttemptAt = At.AddMinutes(1) },
            ], "5"));

    internal static async Task<Ok<ListResponse<TimelineEntryResponse>>> ListAsync(
        [Description("Gateway interview id")] string id,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        IInterviewTimeline timeline, IInterviewStore interviews, CancellationToken cancellationToken)
    {
        var size = QueryParsing.Limit(limit);
        var start = cursor is null ? 0
            : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? position
                : throw ProblemException.Validation("cursor", "cursor is not one this API returned.");
        var (items, next) = await timeline.ListAsync(id, start, size, cancellationToken);
        if (items.Count == 0 && start == 0 && await interviews.GetAsync(id, cancellationToken) is null)
        {
            throw ProblemException.NotFound($"No interview has the id '{id}' or a timeline.");
        }

        return TypedResults.Ok(new ListResponse<TimelineEntryResponse>([.. items.Select(e => e.ToResponse())],
            next?.ToString(CultureInfo.InvariantCulture)));
    }
}
