using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// Free-form JSON (JsonElement: vendor analysis and payloads, options, context, JSON Schemas) is always a
/// JSON object in this API, or a string where `context` allows one. Documented as `{}`, generators typed it
/// as "anything" (Kiota UntypedNode, TypeScript unknown); as an open object it is a typed map.
internal static class TypedJson
{
    public const string Component = "JsonElement";

    public static void Apply(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas || !schemas.TryGetValue(Component, out var json)
            || json is not OpenApiSchema open)
        {
            return;
        }

        open.Type = JsonSchemaType.Object;
        open.AdditionalProperties = new OpenApiSchema();
        open.Description = "A JSON object, passed through as it is";
        foreach (var schema in schemas.Values)
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (name == "context" && schema.Properties is { } properties)
                {
                    properties[name] = StringOrObject(property, document);
                }
            }
        }
    }

    /// `context`: a string or a JSON object (JsonContextAttribute), nullable where it was.
    private static OpenApiSchema StringOrObject(IOpenApiSchema property, OpenApiDocument document)
    {
        var nullable = property.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true;
        var description = property.Description ?? property.OneOf?.Select(s => s.Description).LastOrDefault();
        return new OpenApiSchema
        {
            Description = description,
            OneOf =
            [
                .. nullable ? [new OpenApiSchema { Type = JsonSchemaType.Null }] : Array.Empty<IOpenApiSchema>(),
                new OpenApiSchema { Type = JsonSchemaType.String },
                new OpenApiSchemaReference(Component, document),
            ],
        };
    }
}
