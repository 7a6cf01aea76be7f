using System.ComponentModel;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

/// GET /v1/event-types: what subscribers can receive, with the JSON Schema of each body.
internal static class EventTypeEndpoints
{
    private static readonly EventTypeResponse Example = new(EventTypes.Completed, "An interview completed",
        "Sent once per interview when it reaches `completed`.", EventTypes.SchemaVersion,
        JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["$schema"] = JsonSchemaExport.Dialect,
            ["allOf"] = new object[] { new Dictionary<string, string> { ["$ref"] = "#/$defs/InterviewEventPayload" } },
            ["$defs"] = new { InterviewEventPayload = new { type = "object" } },
        }),
        JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["$schema"] = JsonSchemaExport.Dialect }));

    public static void MapEventTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/event-types").WithTags("Event types").WithStandardProblems()
            .RequireAuthorization(Scopes.InterviewsRead);
        group.MapGet("/", ListAsync).WithName("ListEventTypes")
            .WithSummary("Every event type subscribers can receive, with the JSON Schema of its body")
            .WithExamples(null, new ListResponse<EventTypeResponse>([Example], null));
        group.MapGet("/{type}", GetAsync).WithName("GetEventType")
            .WithSummary("One event type, with the JSON Schema of its body")
            .WithExamples(null, Example);
    }

    internal static async Task<Ok<ListResponse<EventTypeResponse>>> ListAsync(
        EventTypeSchemas schemas, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ListResponse<EventTypeResponse>(await schemas.GetAsync(cancellationToken), null));

    internal static async Task<Ok<EventTypeResponse>> GetAsync(
        [Description("An event type, e.g. interview.completed"), DocumentedAs(ParameterKind.EventType)]
        string type, EventTypeSchemas schemas,
        CancellationToken cancellationToken) =>
        (await schemas.GetAsync(cancellationToken)).FirstOrDefault(e => e.Type == type) is { } entry
            ? TypedResults.Ok(entry)
            : throw ProblemException.NotFound($"No event type '{type}'; GET /v1/event-types lists them.");
}
