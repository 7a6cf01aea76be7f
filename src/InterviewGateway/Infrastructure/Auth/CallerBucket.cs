namespace InterviewGateway.Infrastructure.Auth;

/// The bucket arithmetic, the same as RedisCallerRateStore's script.
internal static class CallerBucket
{
    public static CallerAllowance Take(double tokens, long at, long now, int perMinute)
    {
        tokens = Math.Min(perMinute, tokens + (Math.Max(0, now - at) * (double)perMinute / 60_000));
        return tokens >= 1
            ? new CallerAllowance(perMinute, tokens - 1, null)
            : new CallerAllowance(perMinute, tokens,
                TimeSpan.FromMilliseconds(Math.Ceiling((1 - tokens) * 60_000 / perMinute)));
    }
}
