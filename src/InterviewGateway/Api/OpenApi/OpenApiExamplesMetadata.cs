namespace InterviewGateway.Api.OpenApi;

/// Example bodies for one operation, shown in Swagger UI and checked by the OpenAPI lint test.
internal sealed record OpenApiExamplesMetadata(object? Request, object? Response);
