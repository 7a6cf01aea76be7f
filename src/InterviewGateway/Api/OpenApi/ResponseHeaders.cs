using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Idempotency;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// The response headers callers rely on, defined once under components/headers and referenced by every
/// response that can carry them.
internal static class ResponseHeaders
{
    private const string RetryAfter = "Retry-After";
    private const string Location = "Location";
    private const string Replayed = "Idempotent-Replayed";

    private static readonly Dictionary<string, OpenApiHeader> Definitions = new(StringComparer.Ordinal)
    {
        [Location] = Text("The new resource's path, e.g. /v1/interviews/{id}"),
        [RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
        },
        [Replayed] = new OpenApiHeader
        {
            Description = "true when this is the stored response to an earlier request with the same "
                + "Idempotency-Key (the operation did not run again); absent otherwise",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue
                .Create("true")] },
        },
        [CallerRateLimit.PolicyHeader] = Text("The API key's rate-limit policy (IETF RateLimit header fields), "
            + "e.g. \"api-key\";q=1200;w=60: q requests per w seconds, refilled continuously. Absent for a "
            + "key without a limit"),
        [CallerRateLimit.Header] = Text("What is left of the policy after this request, e.g. "
            + "\"api-key\";r=1187;t=1: r requests remaining, t seconds until the full quota is back. Absent for "
            + "a key without a limit"),
    };

    public static void Apply(OpenApiOperation operation, OpenApiDocument document, bool authenticated,
        bool idempotent)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse writable)
            {
                continue;
            }

            var names = new List<string>();
            if (status == "201")
            {
                names.Add(Location);
            }

            if (status is "429" or "503")
            {
                names.Add(RetryAfter);
            }

            if (idempotent && status.StartsWith('2'))
            {
                names.Add(Replayed);
            }

            if (authenticated && status != "401")
            {
                names.AddRange([CallerRateLimit.PolicyHeader, CallerRateLimit.Header]);
            }

            foreach (var name in names)
            {
                writable.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                writable.Headers[name] = Reference(name, document);
            }
        }
    }

    private static OpenApiHeaderReference Reference(string name, OpenApiDocument document)
    {
        if (document.Components?.Headers?.ContainsKey(name) != true)
        {
            document.AddComponent<IOpenApiHeader>(name, Definitions[name]);
        }

        return new OpenApiHeaderReference(name, document);
    }

    private static OpenApiHeader Text(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
