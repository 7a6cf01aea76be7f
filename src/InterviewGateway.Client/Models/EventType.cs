using System.Text.Json;

namespace InterviewGateway.Client.Models;

/// <summary>An event type subscribers can receive.</summary>
/// <param name="Type">The event type, as in the body's <c>type</c>.</param>
/// <param name="Summary">One line.</param>
/// <param name="Description">When it is sent and what it carries.</param>
/// <param name="SchemaVersion">The body's schema_version.</param>
/// <param name="Schema">JSON Schema of the body a thin subscription receives.</param>
/// <param name="FullSchema">JSON Schema of the body a full subscription receives.</param>
public sealed record EventType(string Type, string Summary, string Description, string SchemaVersion,
    JsonElement Schema, JsonElement FullSchema);

/// <summary>Filters of <c>ListEventsAsync</c>.</summary>
/// <param name="Type">Only events of this type.</param>
/// <param name="InterviewId">Only events about this interview.</param>
/// <param name="PageSize">Events per request, 1-100.</param>
public sealed record EventQuery(string? Type = null, string? InterviewId = null, int? PageSize = null);
