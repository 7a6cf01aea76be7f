using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewGateway.Interviews;

internal enum ContextMode
{
    Replace,
    Merge,
}

/// A parsed JSON merge patch (RFC 7396) of the fields a caller may change. `VendorFields` names the
/// ones that must be forwarded to the vendor; metadata is the gateway's own.
internal sealed record InterviewPatch(
    string? ParticipantName,
    string? Objective,
    JsonElement? Context,
    ContextMode ContextMode,
    IReadOnlyDictionary<string, string?>? Metadata)
{
    public IReadOnlyList<string> VendorFields { get; } =
        [.. new[] { ParticipantName is null ? null : "participant.name", Objective is null ? null : "objective", Context is null ? null : "context" }.OfType<string>()];

    /// Merge-patch semantics for the string map: null removes a key.
    public IReadOnlyDictionary<string, string> ApplyMetadata(IReadOnlyDictionary<string, string> current)
    {
        if (Metadata is null)
        {
            return current;
        }

        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in Metadata)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }
}

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
