namespace InterviewGateway.Inbound;

/// When a failed follow-up is tried again: doubling from the first delay up to the cap, never before the
/// vendor's own Retry-After (a budget stop or a 429 pause says when it will have room).
internal static class FollowUpBackoff
{
    public static TimeSpan Delay(int failures, InboundOptions options, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var doubled = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var delay = TimeSpan.FromMilliseconds(Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds));
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }
}
