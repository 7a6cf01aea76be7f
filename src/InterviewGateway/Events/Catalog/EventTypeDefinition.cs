namespace InterviewGateway.Events.Catalog;

/// One outbound event type: what it means, which payload records describe it, and a sample of each.
/// `FullPayload` is what a `full` subscription receives; `FullExample` is null when it equals the thin one.
internal sealed record EventTypeDefinition(
    string Type, string Summary, string Description, Type Payload, Type FullPayload, object Example,
    object? FullExample);
