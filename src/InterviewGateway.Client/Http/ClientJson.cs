using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Client.Http;

/// The gateway's wire dialect: snake_case members and enums, nulls left out of requests (the gateway
/// refuses unknown members, and an absent member means "unchanged" in its updates).
internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// The wire name of an enum value, as the gateway reads it in a query string.
    public static string Wire<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
