namespace InterviewGateway.Api.OpenApi;

/// The 2xx response can also be plain text in these media types (e.g. a transcript as markdown).
internal sealed record AlsoProducesText(params string[] MediaTypes);
