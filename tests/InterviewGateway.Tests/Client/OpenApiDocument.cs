using System.Text.Json;
using InterviewGateway.Tests.Architecture;

namespace InterviewGateway.Tests.Client;

/// The committed OpenAPI document, read as the client's tests compare against it.
internal static class OpenApiDocument
{
    public static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SourceTree.ProjectDirectory, "..", "..", "openapi", "interview-gateway.v1.json"))).RootElement;

    public static JsonElement Schema(string name) => Root.GetProperty("components").GetProperty("schemas")
        .GetProperty(name);

    /// A schema's property names, following one $ref and merging allOf/oneOf members.
    public static SortedSet<string> Properties(JsonElement schema)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("$ref", out var reference))
        {
            names.UnionWith(Properties(Schema(reference.GetString()!.Split('/')[^1])));
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            names.UnionWith(properties.EnumerateObject().Select(p => p.Name));
        }

        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combinator, out var members))
            {
                foreach (var member in members.EnumerateArray())
                {
                    names.UnionWith(Properties(member));
                }
            }
        }

        return names;
    }
}
