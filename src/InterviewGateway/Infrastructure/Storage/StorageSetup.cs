using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Polling;
using InterviewGateway.Infrastructure.DataProtection;
using InterviewGateway.Vendors.Webhooks;
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
        services.AddOptions<RetentionOptions>().BindConfiguration("Retention")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value);
        if (builder.Configuration.UsesRedis())
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
            services.AddSingleton<IInterviewStore, RedisInterviewStore>();
            services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
            services.AddSingleton<IBudgetStore, RedisBudgetStore>();
            services.AddSingleton<IEventStore, RedisEventStore>();
            services.AddSingleton<ISubscriptionStore, RedisSubscriptionStore>();
            services.AddSingleton<IPollQueue, RedisPollQueue>();
            services.AddSingleton<IKeyValueStore, RedisKeyValueStore>();
            services.AddSingleton<IWebhookFollowUps, RedisWebhookFollowUps>();
            services.AddSingleton<IDeliverySlots, RedisDeliverySlots>();
            // Subscription secrets are encrypted with keys every instance shares through Redis.
            services.AddGatewayDataProtection(builder.Configuration);
        }
        else
        {
            services.AddSingleton<InMemoryEventStore>();
            services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<InMemoryEventStore>());
            services.AddSingleton<InMemoryInterviewStore>();
            services.AddSingleton<IInterviewStore>(sp => sp.GetRequiredService<InMemoryInterviewStore>());
            services.AddSingleton<InMemoryKeyValueStore>();
            services.AddSingleton<IKeyValueStore>(sp => sp.GetRequiredService<InMemoryKeyValueStore>());
            services.AddSingleton<IWebhookFollowUps, InMemoryWebhookFollowUps>();
            services.AddSingleton<IEvictable>(sp => sp.GetRequiredService<InMemoryEventStore>());
            services.AddSingleton<IEvictable>(sp => sp.GetRequiredService<InMemoryInterviewStore>());
            services.AddSingleton<IEvictable>(sp => sp.GetRequiredService<InMemoryKeyValueStore>());
            services.AddHostedService<InMemoryEviction>();
            services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
            services.AddSingleton<IBudgetStore, InMemoryBudgetStore>();
            services.AddSingleton<ISubscriptionStore, InMemorySubscriptionStore>();
            services.AddSingleton<IPollQueue, InMemoryPollQueue>();
            services.AddSingleton<IDeliverySlots, InMemoryDeliverySlots>();
            // Nothing outlives the process in this mode, so neither need the secrets' keys.
            services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        }
    }
}
