using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Polling;
using InterviewGateway.Infrastructure.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Storage;

internal sealed class RedisOptions
{
    /// Prefix of every key, so deployments (or test classes) can share one server.
    public string KeyPrefix { get; set; } = "igw:";
}

/// Redis when `ConnectionStrings:Redis` is set, otherwise in-memory state for one process.
internal static class StorageSetup
{
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static void AddGatewayStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var prefix = builder.Configuration.GetSection("Redis").Get<RedisOptions>()?.KeyPrefix ?? new RedisOptions().KeyPrefix;
        services.AddSingleton(new RedisKeys(prefix));
        if (builder.Configuration.UsesRedis())
        {
            var connectionString = builder.Configuration.GetConnectionString("Redis")!;
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connectionString));
            services.AddSingleton<IInterviewStore, RedisInterviewStore>();
            services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
            services.AddSingleton<IBudgetStore, RedisBudgetStore>();
            services.AddSingleton<IEventStore, RedisEventStore>();
            services.AddSingleton<ISubscriptionStore, RedisSubscriptionStore>();
            services.AddSingleton<IPollQueue, RedisPollQueue>();
            services.AddSingleton<IKeyValueStore, RedisKeyValueStore>();
            services.AddSingleton<IDeliverySlots, RedisDeliverySlots>();
            // Subscription secrets are encrypted with keys every instance shares through Redis.
            services.AddGatewayDataProtection(builder.Configuration);
        }
        else
        {
            services.AddSingleton<IInterviewStore, InMemoryInterviewStore>();
            services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
            services.AddSingleton<IBudgetStore, InMemoryBudgetStore>();
            services.AddSingleton<IEventStore, InMemoryEventStore>();
            services.AddSingleton<ISubscriptionStore, InMemorySubscriptionStore>();
            services.AddSingleton<IPollQueue, InMemoryPollQueue>();
            services.AddSingleton<IKeyValueStore, InMemoryKeyValueStore>();
            services.AddSingleton<IDeliverySlots, InMemoryDeliverySlots>();
            // Nothing outlives the process in this mode, so neither need the secrets' keys.
            services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        }
    }
}
