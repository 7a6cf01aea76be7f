using System.Threading.RateLimiting;
using InterviewGateway.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Inbound;

/// The webhook door is anonymous (a signature is checked only after the body is read), so it is limited
/// per vendor and remote address before anything else: a token bucket per partition, in this instance's
/// memory (a sender spread over several instances gets several allowances, which only makes it kinder).
internal sealed class InboundRateLimit(IOptionsMonitor<InboundOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(string Vendor, string Address)> _limiter =
        PartitionedRateLimiter.Create<(string Vendor, string Address), (string, string)>(
            key => RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(options.CurrentValue)));

    /// Throws 429 with Retry-After when the sender is over its rate; the bucket refills continuously.
    public void Take(string vendor, string? remoteAddress)
    {
        if (options.CurrentValue.RequestsPerSecond <= 0)
        {
            return;
        }

        using var lease = _limiter.AttemptAcquire((vendor, remoteAddress ?? "-"));
        if (!lease.IsAcquired)
        {
            throw new ProblemException(429, ProblemTypes.RateLimited, "Too many requests",
                "Webhooks from this address are over the gateway's rate limit; retry after the Retry-After interval.")
            {
                RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? after : TimeSpan.FromSeconds(1),
            };
        }
    }

    private static TokenBucketRateLimiterOptions Bucket(InboundOptions current) => new()
    {
        TokenLimit = current.Burst,
        TokensPerPeriod = current.RequestsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public void Dispose() => _limiter.Dispose();
}
