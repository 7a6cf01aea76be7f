namespace InterviewGateway.Infrastructure.Auth;

/// The bucket arithmetic, the same as RedisCallerRateStore's script.
internal static class CallerBucket
{
    public static (double Tokens, TimeSpan? Wait) Take(double tokens, long at, long now, int perMinute)
    {
        tokens = Math.Min(perMinute, tokens + (Math.Max(0, now - at) * (double)perMinute / 60_000));
        return tokens >= 1
            ? (tokens - 1, null)
            : (tokens, TimeSpan.FromMilliseconds(Math.Ceiling((1 - tokens) * 60_000 / perMinute)));
    }
}
