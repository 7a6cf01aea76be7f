using System.ComponentModel.DataAnnotations;
using InterviewGateway.Infrastructure.DataProtection;
using InterviewGateway.Infrastructure.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Storage;

/// Redis when `ConnectionStrings:Redis` is set, otherwise in-memory state for one process. Registers the
/// connection, the shared key-value store and the storage mode; each area adds its stores with AddStore.
internal static class StorageSetup
{
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static void AddGatewayStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var redisOptions = builder.Configuration.GetSection("Redis").Get<RedisOptions>() ?? new RedisOptions();
        Validator.ValidateObject(redisOptions, new ValidationContext(redisOptions), validateAllProperties: true);
        services.AddSingleton(new RedisKeys(redisOptions.KeyPrefix, redisOptions.Partitions));
        services.AddOptions<RetentionOptions>().BindConfiguration("Retention")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RetentionOptions>>().Value);
        var redis = builder.Configuration.UsesRedis();
        services.AddSingleton(new StorageMode(redis));
        if (redis)
        {
            var connectionString = builder.Configuration.GetConnectionString("Redis")!;
            // Hangfire's workers block on synchronous Redis calls; a burst of them must not wait for the
            // thread pool to grow one thread per half second (the cause of RedisTimeoutExceptions under load).
            ThreadPool.GetMinThreads(out var workers, out var completions);
            ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completions, 64));
            // Starts while Redis is down (abortConnect=false) and reconnects by itself; calls meanwhile
            // fail fast (503).
            services.AddSingleton<IConnectionMultiplexer>(_ =>
                ConnectionMultiplexer.Connect(RedisFaults.Options(connectionString)));
            services.AddHostedService<RedisVersionCheck>();
            // Subscription secrets are encrypted with keys every instance shares through Redis.
            services.AddGatewayDataProtection(builder.Configuration);
        }
        else
        {
            services.AddHostedService<InMemoryEviction>();
            // Nothing outlives the process in this mode, so neither need the secrets' keys.
            services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        }

        services.AddStore<IKeyValueStore, InMemoryKeyValueStore, RedisKeyValueStore>();
        services.AddStore<ISharedClock, InMemorySharedClock, RedisSharedClock>();
    }
}
