using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewGateway.Interviews;

internal static class JsonMerge
{
    /// RFC 7396 merge of `patch` onto `target`. A string context merges as replacement: there is
    /// nothing to combine it with.
    public static JsonElement Merge(JsonElement? target, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object || target is not { ValueKind: JsonValueKind.Object } existing)
        {
            return patch;
        }

        var result = JsonNode.Parse(existing.GetRawText())!.AsObject();
        foreach (var property in patch.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                result.Remove(property.Name);
            }
            else
            {
                var current = result[property.Name];
                result[property.Name] = current is JsonObject
                    ? JsonNode.Parse(Merge(JsonSerializer.SerializeToElement(current), property.Value).GetRawText())
                    : JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return JsonSerializer.SerializeToElement(result);
    }
}
