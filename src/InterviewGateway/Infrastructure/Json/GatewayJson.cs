using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Infrastructure.Json;

/// Two JSON dialects: the public API (strict snake_case: unknown request properties are errors) and the
/// store (tolerant, so an older instance can read what a newer one wrote during a rolling deploy).
internal static class GatewayJson
{
    public static readonly JsonSerializerOptions Api = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web),
        strict: true);

    public static readonly JsonSerializerOptions Store =
        Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web), strict: false);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options, bool strict)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip;
        options.Converters.Add(new UtcTimestampConverter());
        options.MaxDepth = 32;
        return options;
    }
}
