using System.Globalization;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Interviews;

namespace InterviewGateway.Api;

/// Query values arrive as strings and are parsed here, so a bad one gets a validation problem keyed by
/// its query name instead of the framework's bare 400.
internal static class QueryParsing
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static int Limit(string? limit) =>
        limit is null ? DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit
            ? n
        : throw ProblemException.Validation("limit", $"limit must be a whole number from 1 to {MaxLimit}.");

    public static string? InterviewCursor(string? cursor) =>
        cursor is null ? null
        : InterviewIndex.DecodeCursor(cursor) ?? throw ProblemException.Validation("cursor",
            "cursor is not one this API returned.");

    public static bool Flag(string name, string? value) => value switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw ProblemException.Validation(name, $"{name} must be true or false."),
    };

    public static DateTimeOffset? Timestamp(string name, string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
        : throw ProblemException.Validation(name, $"{name} must be an RFC 3339 timestamp.");

    public static TEnum? Enum<TEnum>(string name, string? value)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        var match = System.Enum.GetValues<TEnum>().Where(v => Wire(v) == value).Select(v => (TEnum?)v).FirstOrDefault();
        return match ?? throw ProblemException.Validation(name,
            $"{name} must be one of: {string.Join(", ", System.Enum.GetValues<TEnum>().Select(Wire))}.");
    }

    /// The snake_case wire name of an enum value, as the JSON options write it.
    public static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
