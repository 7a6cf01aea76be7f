using InterviewGateway.Infrastructure.Redis;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.DataProtection;

/// Makes sure the shared key ring has a usable key before anything encrypts. Left to itself, each
/// instance starting on an empty Redis would create its own first key, and a secret one instance
/// encrypted would be unreadable to another until their key rings refreshed. Here exactly one instance
/// creates it, under a Redis lock, and the others wait until they can read it.
internal sealed partial class KeyRingBootstrap(
    IKeyManager keyManager, IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time,
    ILogger<KeyRingBootstrap> logger)
    : IHostedService
{
    private static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(30);

    /// Data Protection's own allowance for instances' clocks (its key resolver uses the same 5 minutes): a
    /// key another instance activated "now" by its clock is usable here even if this clock is behind.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureKeyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Startup does not wait for Redis here; Data Protection creates a key on first use instead.
            Log.Unreachable(logger, ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!HasUsableKey())
        {
            var database = redis.GetDatabase();
            if (await database.LockTakeAsync(keys.DataProtectionLock, token, LockLifetime))
            {
                try
                {
                    if (!HasUsableKey())
                    {
                        var now = time.GetUtcNow();
                        keyManager.CreateNewKey(now, now.AddDays(90));
                        Log.Created(logger);
                    }
                }
                finally
                {
                    await database.LockReleaseAsync(keys.DataProtectionLock, token);
                }

                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException(
                    "Another instance holds the Data Protection key lock and no key appeared within 60 s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    private bool HasUsableKey()
    {
        var now = time.GetUtcNow();
        return keyManager.GetAllKeys()
            .Any(k => !k.IsRevoked && k.ActivationDate <= now + ClockSkew && k.ExpirationDate > now);
    }

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Information,
            "Created the first Data Protection key of this deployment's key ring")]
        public static partial void Created(ILogger logger);

        [LoggerMessage(111, LogLevel.Warning,
            "Could not check the Data Protection key ring in Redis at startup ({Reason}); the first use creates a key")]
        public static partial void Unreachable(ILogger logger, string reason);
    }
}
