using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Refit;

namespace InterviewGateway.Client.Http;

/// Query and path values as the gateway parses them: RFC 3339 times, lower-case booleans and snake_case
/// enums (Refit's default formatter writes culture-formatted times, "True" and "InProgress").
internal sealed class QueryFormatter : IUrlParameterFormatter
{
    public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) => value switch
    {
        null => null,
        DateTimeOffset time => time.ToUniversalTime()
            .ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
