using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Inbound;

/// How the vendor webhook door (`Inbound:*`) accepts, limits and follows up.
internal sealed class InboundOptions
{
    /// Before answering 202: none (answer once the accept script returned), the local AOF (`WAITAOF 1 0`,
    /// Redis 7.2+, `appendonly yes`), or replicas (`WAIT`). Ignored without Redis.
    public AcceptDurability Durability { get; set; } = AcceptDurability.None;

    /// With `Durability: Replicas`, how many replicas must have the write.
    [Range(1, 16)]
    public int DurabilityReplicas { get; set; } = 1;

    /// How long the accept waits for durability before answering 503 with Retry-After.
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan DurabilityTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// Webhooks a second per vendor and remote address, per instance (sustained; 0 = unlimited).
    [Range(0, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 500;

    /// The burst a vendor may send at once from one address before the per-second rate applies.
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 5_000;

    /// Follow-ups one instance runs at once (each is one vendor read and one commit).
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// How long an instance with no follow-up due waits before it looks again: one lease script per partition.
    /// A webhook this instance accepted wakes it at once; what waits for this is a follow-up another instance
    /// accepted and left (it is killed, or busy), a retry coming due, or a lease that ran out (issue 20: an
    /// idle instance stays under 50 Redis commands a second).
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan IdleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// The first retry of a failed follow-up; each further failure doubles it, up to `MaxRetryDelay`.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// After this many failures a follow-up is given up (reconciliation is the safety net).
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 40;
}

internal enum AcceptDurability
{
    None,
    LocalAof,
    Replicas,
}
