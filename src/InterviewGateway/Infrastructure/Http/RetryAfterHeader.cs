using System.Globalization;

namespace InterviewGateway.Infrastructure.Http;

/// When a server asks to be called again: read from vendor 429s and from subscriber responses.
internal static class RetryAfterHeader
{
    /// `Retry-After` (seconds or date), else `X-RateLimit-Reset` (Unix seconds), else null.
    public static TimeSpan? Parse(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date - now);
        }

        foreach (var name in new[] { "X-RateLimit-Reset", "X-RateLimit-Reset-Minute" })
        {
            if (response.Headers.TryGetValues(name, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture,
                    out var reset))
            {
                // Some vendors send seconds-until, others a Unix time; a value far larger than a day is a time.
                return reset > 86_400 ? DateTimeOffset.FromUnixTimeSeconds(reset) - now : TimeSpan.FromSeconds(reset);
            }
        }

        return null;
    }
}
