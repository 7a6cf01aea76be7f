namespace InterviewGateway.Infrastructure.Storage;

internal sealed class RedisOptions
{
    /// Prefix of every key, so deployments (or test classes) can share one server.
    public string KeyPrefix { get; set; } = "igw:";
}
