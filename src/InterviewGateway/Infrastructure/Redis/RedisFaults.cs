using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Recognises "Redis is unreachable or too slow" however it is wrapped (Hangfire wraps storage errors).
internal static class RedisFaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException
                    or global::Hangfire.Storage.DistributedLockTimeoutException
                || (e is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// The connection settings the gateway needs whatever the connection string says: start and keep
    /// retrying while Redis is down instead of failing, and fail a call fast rather than queue it.
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Hangfire calls Redis synchronously; on a busy 2-core host a 5-s wait is too short to tell a
        // slow reply from a dead server. Unless the connection string says otherwise, wait 15 s.
        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = 15_000;
        }

        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 15_000;
        }

        return options;
    }
}
