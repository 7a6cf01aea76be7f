using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Interviews;

namespace InterviewGateway.Api;

/// Reads a JSON merge patch (RFC 7396) by hand: the body's shape decides what changes, and anything
/// outside the patchable fields is refused by name.
internal static class InterviewPatchReader
{
    private static readonly string[] Allowed = ["participant", "objective", "context", "context_mode", "metadata"];

    public static async Task<InterviewPatch> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "application/merge-patch+json"))
        {
            throw new BadHttpRequestException("Unsupported media type", StatusCodes.Status415UnsupportedMediaType);
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 },
                cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("Invalid JSON", StatusCodes.Status400BadRequest, ex);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("$", "The patch must be a JSON object.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!Allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid(property.Name,
                    $"'{property.Name}' cannot be patched; allowed: {string.Join(", ", Allowed)}.");
            }
        }

        var patch = new InterviewPatch(ReadParticipantName(body), ReadString(body, "objective", 2000),
            ReadContext(body), ReadMode(body), ReadMetadata(body));
        if (patch.VendorFields.Count == 0 && patch.Metadata is null)
        {
            throw Invalid("$", "The patch changes nothing: send participant.name, objective, context or metadata.");
        }

        return patch;
    }

    private static string? ReadParticipantName(JsonElement body)
    {
        if (!body.TryGetProperty("participant", out var participant))
        {
            return null;
        }

        if (participant.ValueKind != JsonValueKind.Object || participant.EnumerateObject().Any(p => p.Name != "name"))
        {
            throw Invalid("participant", "Only participant.name can be patched.");
        }

        return ReadString(participant, "name", 200, "participant.name");
    }

    private static string? ReadString(JsonElement parent, string name, int maxLength, string? key = null)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString()!.Length is > 0 and var n && n <= maxLength
            ? value.GetString()
            : throw Invalid(key ?? name,
                $"{key ?? name} must be a non-empty string of at most {maxLength} characters "
                + "(vendors cannot clear it).");
    }

    private static JsonElement? ReadContext(JsonElement body) =>
        !body.TryGetProperty("context", out var context) ? null
        : context.ValueKind is JsonValueKind.String or JsonValueKind.Object ? context
        : throw Invalid("context", "context must be a string or a JSON object.");

    private static ContextMode ReadMode(JsonElement body) =>
        !body.TryGetProperty("context_mode", out var mode) ? ContextMode.Replace
        : mode.ValueKind == JsonValueKind.String && mode.GetString() == "replace" ? ContextMode.Replace
        : mode.ValueKind == JsonValueKind.String && mode.GetString() == "merge" && body.TryGetProperty("context", out _)
            ? ContextMode.Merge
        : throw Invalid("context_mode", "context_mode must be replace or merge, and goes with context.");

    private static Dictionary<string, string?>? ReadMetadata(JsonElement body)
    {
        if (!body.TryGetProperty("metadata", out var metadata))
        {
            return null;
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in metadata.EnumerateObject())
            {
                map[entry.Name] = entry.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => entry.Value.GetString(),
                    _ => throw Invalid("metadata", "metadata values must be strings, or null to remove a key."),
                };
            }
        }

        var check = map.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        return metadata.ValueKind == JsonValueKind.Object && new MetadataAttribute().IsValid(check)
            && map.Count <= MetadataAttribute.MaxKeys
            ? map
            : throw Invalid("metadata", new MetadataAttribute().FormatErrorMessage("metadata"));
    }

    private static ProblemException Invalid(string key, string message) => ProblemException.Validation(key, message);
}
