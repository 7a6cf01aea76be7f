namespace InterviewGateway.Delivery;

/// When to try again after a failed attempt (contract section 6). Pure, so it is unit-tested.
internal static class RetryPolicy
{
    public static readonly TimeSpan SlowDownFloor = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// Null when `attempt` (1-based, the one that just failed) was the last.
    public static TimeSpan? NextDelay(int attempt, IReadOnlyList<TimeSpan> schedule, int? statusCode, bool timedOut,
        TimeSpan? retryAfter, double random01)
    {
        if (attempt > schedule.Count)
        {
            return null;
        }

        var delay = schedule[attempt - 1] * (0.8 + (0.4 * random01));
        if (statusCode == 429 || timedOut)
        {
            delay = Max(delay, SlowDownFloor);
        }

        if (retryAfter is { } wanted && statusCode is 429 or 503)
        {
            delay = Max(delay, wanted < MaxRetryAfter ? wanted : MaxRetryAfter);
        }

        return delay;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
