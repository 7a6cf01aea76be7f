using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Infrastructure.Storage;

internal sealed class RedisOptions
{
    public const int DefaultPartitions = 16;

    /// Prefix of every key, so deployments (or test classes) can share one server. No braces: the keys'
    /// hash tags follow it (a tag in the prefix would put every key in one cluster slot).
    [RegularExpression(@"^[^{}]*$", ErrorMessage = "Redis:KeyPrefix must not contain braces (hash tags follow it).")]
    public string KeyPrefix { get; set; } = "igw:";

    /// How many partitions the shared structures (indexes, outbox, retry and follow-up queues) are split
    /// into, each on its own cluster slot (docs/redis.md says how to choose). Fixed for a deployment's data.
    [Range(1, 1024)]
    public int Partitions { get; set; } = DefaultPartitions;
}
