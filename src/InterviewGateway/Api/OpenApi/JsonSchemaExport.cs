using System.Text.Json.Nodes;

namespace InterviewGateway.Api.OpenApi;

/// Turns a schema inside an OpenAPI 3.1 document into a standalone JSON Schema (draft 2020-12): the
/// component schemas it references, transitively, move under `$defs`. OpenAPI 3.1 schemas are JSON Schema,
/// so nothing else changes; GET /v1/event-types serves these and the example test validates with them.
internal static class JsonSchemaExport
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";
    private const string ComponentPrefix = "#/components/schemas/";
    private const string DefsPrefix = "#/$defs/";

    public static JsonObject Standalone(JsonNode schema, JsonObject? componentSchemas)
    {
        var root = new JsonObject { ["$schema"] = Dialect };
        foreach (var (name, value) in Rewrite(schema).AsObject().ToList())
        {
            root[name] = value?.DeepClone();
        }

        var defs = new JsonObject();
        var pending = new Queue<string>(References(schema));
        while (pending.TryDequeue(out var name))
        {
            if (defs.ContainsKey(name) || componentSchemas?[name] is not { } component)
            {
                continue;
            }

            defs[name] = Rewrite(component);
            foreach (var next in References(component))
            {
                pending.Enqueue(next);
            }
        }

        if (defs.Count > 0)
        {
            root["$defs"] = defs;
        }

        return root;
    }

    private static JsonNode Rewrite(JsonNode schema) =>
        JsonNode.Parse(schema.ToJsonString()
            .Replace("\"" + ComponentPrefix, "\"" + DefsPrefix, StringComparison.Ordinal))!;

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref" && value?.GetValue<string>() is { } target
                        && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                    {
                        yield return target[ComponentPrefix.Length..];
                    }

                    foreach (var inner in References(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var inner in array.SelectMany(References))
                {
                    yield return inner;
                }

                break;
        }
    }
}
