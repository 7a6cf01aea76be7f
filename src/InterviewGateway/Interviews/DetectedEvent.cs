namespace InterviewGateway.Interviews;

/// One event a change implies; `Discriminator` names the fact (the new status, or which late artefact
/// arrived), from which Events/Catalog/EventBodies derives the id, so the same fact found twice has the same id.
internal sealed record DetectedEvent(string Type, string Discriminator, DateTimeOffset Timestamp);
