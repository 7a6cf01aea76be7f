using System.ComponentModel;
using System.Text.Json;

namespace InterviewGateway.Contracts;

/// One entry of GET /v1/event-types.
internal sealed record EventTypeResponse(
    [property: Description("The event type, as in the body's `type` and subscriptions' event_types")]
    string Type,
    [property: Description("One line")] string Summary,
    [property: Description("When it is sent and what it carries")] string Description,
    [property: Description("The body's schema_version")] string SchemaVersion,
    [property: Description("JSON Schema (draft 2020-12) of the body a `thin` subscription receives")]
    JsonElement Schema,
    [property: Description("JSON Schema (draft 2020-12) of the body a `full` subscription receives")]
    JsonElement FullSchema);
