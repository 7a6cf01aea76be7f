using System.Text.Json.Nodes;
using InterviewGateway.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// The problem+json body the gateway really sends (ApiSetup.AddTraceId): the framework's ProblemDetails
/// schema lacks `trace_id` and forbids extra members, so every honest example failed against it.
internal static class ProblemSchema
{
    private static readonly string[] Required = ["type", "title", "status", "detail", "instance", "trace_id"];

    public static bool Applies(Type type) =>
        type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails);

    public static void Apply(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["type"] = Text("Stable problem type URI (docs/api.md lists them): switch on it", "uri");
        schema.Properties["title"] = Text("Short, human-readable summary of the problem type");
        schema.Properties["status"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code",
        };
        schema.Properties["detail"] = Text("What went wrong in this request and what to change");
        schema.Properties["instance"] = Text("The request path");
        schema.Properties["trace_id"] = Text("W3C trace id of the request; quote it when reporting a problem");
        schema.Required = new HashSet<string>(Required);
        if (schema.Properties.TryGetValue("errors", out var errors) && errors is OpenApiSchema map)
        {
            map.Description = "Validation messages keyed by the JSON name of the field (e.g. participant.email)";
        }
    }

    /// One shared example per status under components/examples, referenced by every operation that can
    /// answer it (inline, the ~180 problem responses made most of the document).
    public static OpenApiExampleReference ExampleReference(int status, OpenApiDocument document)
    {
        var id = $"Problem{status}";
        if (document.Components?.Examples?.ContainsKey(id) != true)
        {
            document.AddComponent<IOpenApiExample>(id, new OpenApiExample
            {
                Summary = status == 400 ? "A validation problem" : $"{status} {ReasonPhrases.GetReasonPhrase(status)}",
                Value = Example(status),
            });
        }

        return new OpenApiExampleReference(id, document);
    }

    private static JsonObject Example(int status)
    {
        if (status != 400)
        {
            return Example(status, ProblemTypes.ForStatus(status), ReasonPhrases.GetReasonPhrase(status),
                "The detail says what to change.");
        }

        var problem = Example(status, ProblemTypes.Validation, "One or more validation errors occurred",
            "participant.email: The Email field is not a valid e-mail address.");
        problem["errors"] = new JsonObject
        {
            ["participant.email"] = new JsonArray("The Email field is not a valid e-mail address."),
        };
        return problem;
    }

    private static JsonObject Example(int status, string type, string title, string detail) => new()
    {
        ["type"] = type,
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["instance"] = "/v1/interviews",
        ["trace_id"] = "4bf92f3577b34da6a3ce929d0e0e4736",
    };

    private static OpenApiSchema Text(string description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, Format = format };
}
