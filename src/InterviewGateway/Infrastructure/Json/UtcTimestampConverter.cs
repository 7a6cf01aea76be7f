using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Infrastructure.Json;

/// Writes every timestamp as RFC 3339 UTC with a `Z` (System.Text.Json would write `+00:00`).
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
            CultureInfo.InvariantCulture));
}
