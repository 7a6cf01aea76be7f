using System.ComponentModel;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").WithTags("Events").WithStandardProblems()
            .RequireAuthorization(Scopes.InterviewsRead);
        group.MapGet("/", ListAsync).WithName("ListEvents")
            .WithSummary("Events of the last 30 days, newest first, with the bodies that were pushed")
            .WithExamples(null, new ListResponse<JsonElement>([JsonSerializer.SerializeToElement(new
            {
                id = "evt_3b8f0c2a91d4e5f60718293a4b", type = "interview.completed", timestamp = "2026-11-03T14:30:00Z",
                schema_version = EventTypes.SchemaVersion, sequence = 3,
                    data = new { interview = OpenApiExamples.Interview, detected_by = "poll" },
            }, Infrastructure.Json.GatewayJson.Api)], null));
    }

    internal static async Task<Ok<ListResponse<JsonElement>>> ListAsync(
        IEventStore events, TimeProvider time,
        [Description("Only events of this type"), DocumentedAs(ParameterKind.EventType)] string? type,
        [Description("Only events about this interview")] string? interview_id,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        CancellationToken cancellationToken)
    {
        if (type is not null && !EventTypes.All.Contains(type))
        {
            throw Infrastructure.Errors.ProblemException.Validation("type",
                $"type must be one of: {string.Join(", ", EventTypes.All)}.");
        }

        var (items, next) = await events.ListAsync(new EventQuery(QueryParsing.Limit(limit), cursor, type,
            interview_id), time.GetUtcNow(), cancellationToken);
        var bodies = items.Select(e => JsonDocument.Parse(e.Body).RootElement.Clone());
        return TypedResults.Ok(new ListResponse<JsonElement>([.. bodies], next));
    }
}
