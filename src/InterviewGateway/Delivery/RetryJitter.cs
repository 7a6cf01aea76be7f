using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace InterviewGateway.Delivery;

/// Each attempt's retry jitter in [0, 1), which RetryPolicy turns into ±20% of its step: a stable hash of
/// (event, subscription, attempt), not a draw from a shared Random. Failures of one burst still spread
/// (their event ids differ), no lock is shared between attempts, and an attempt's delay no longer depends on
/// which of the attempts running side by side finished first, so a seeded simulation replays exactly
/// (issue 17: identical runs differed in steps and auto-disables).
internal static class RetryJitter
{
    private const double Unit = 1.0 / (1UL << 53);

    public static double For(string eventId, string subscriptionId, int attempt)
    {
        var seed = (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(eventId.AsSpan()), attempt);
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(subscriptionId.AsSpan()), seed);
        return (hash >> 11) * Unit; // the top 53 bits, as Random.NextDouble uses
    }
}
