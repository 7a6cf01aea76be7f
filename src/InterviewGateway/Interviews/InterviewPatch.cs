using System.Text.Json;

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
        [
            .. new[]
            {
                ParticipantName is null ? null : "participant.name",
                Objective is null ? null : "objective",
                Context is null ? null : "context",
            }.OfType<string>(),
        ];

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
