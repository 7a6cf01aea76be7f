using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Recognises "Redis is unreachable, too slow or failing over" however it is wrapped (Hangfire wraps storage
/// errors). Each is transient and loses nothing: a write either committed or did not, so the caller retries.
internal static class RedisFaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// Replies of a server that cannot serve the slot right now (issue 21): starting up (LOADING), a cluster
    /// without a primary for some slot (CLUSTERDOWN), a slot mid-migration (TRYAGAIN), redirections the
    /// client gave up following while the slot map changes (MOVED, ASK), a primary that became a replica
    /// under the client (READONLY), a replica whose primary is gone (MASTERDOWN), and a transaction (Hangfire's
    /// MULTI/EXEC) discarded whole because one of its commands met any of these while queued (EXECABORT; seen
    /// in FailoverTests). A command malformed by a bug would also abort it, but on every call, in every test.
    private static readonly string[] Transient =
        ["LOADING ", "CLUSTERDOWN ", "TRYAGAIN ", "MOVED ", "ASK ", "READONLY ", "MASTERDOWN ", "EXECABORT "];

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException
                    or global::Hangfire.Storage.DistributedLockTimeoutException
                || (e is RedisServerException server && IsTransientReply(server.Message)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientReply(string message) =>
        Transient.Any(prefix => message.StartsWith(prefix, StringComparison.Ordinal));

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

        // A request whose slot's primary just died waits for the reconnect to that node to fail before it
        // can answer 503; with the client's 5-s default that took 7-8 s on a cluster (issue 21).
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2_000;
        }

        return options;
    }
}
