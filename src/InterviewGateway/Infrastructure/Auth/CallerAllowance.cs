using System.Globalization;

namespace InterviewGateway.Infrastructure.Auth;

/// What one take from a caller's bucket left: the tokens in it afterwards and, when none could be taken,
/// how long until one can. Rendered as the IETF RateLimit-Policy / RateLimit fields
/// (draft-ietf-httpapi-ratelimit-headers, structured-field lists), so a caller sees its limit coming.
internal readonly record struct CallerAllowance(int PerMinute, double Tokens, TimeSpan? RetryAfter)
{
    /// The one policy every key has: `q` requests per `w` = 60 seconds, as a continuously refilled bucket.
    public const string PolicyName = "api-key";

    public bool Taken => RetryAfter is null;

    public int Remaining => (int)Math.Floor(Math.Max(0, Tokens));

    /// Seconds until the bucket is full again (the quota "resets"); a rejected caller may retry sooner,
    /// after Retry-After, when one token has refilled.
    public int ResetSeconds => (int)Math.Ceiling(Math.Max(0, PerMinute - Tokens) * 60 / PerMinute);

    public string PolicyField => string.Create(CultureInfo.InvariantCulture, $"\"{PolicyName}\";q={PerMinute};w=60");

    public string Field => string.Create(CultureInfo.InvariantCulture,
        $"\"{PolicyName}\";r={Remaining};t={ResetSeconds}");
}
