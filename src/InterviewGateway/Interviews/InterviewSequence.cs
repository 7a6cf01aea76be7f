namespace InterviewGateway.Interviews;

/// `sequence` (the stored Version) only grows per interview, forever (issue 17): each write takes the
/// larger of the previous version + 1 and the shared clock in microseconds. An interview deleted and
/// tracked again, expired, or whose last writes a Redis failover lost has no previous version to go on,
/// yet still continues above every sequence it was ever sent with, as long as Redis's clock moves forward.
internal static class InterviewSequence
{
    public static long Next(long previous, DateTimeOffset now) =>
        Math.Max(previous + 1, (now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
}
