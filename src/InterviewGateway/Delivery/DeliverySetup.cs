using System.Net;
using System.Net.Http.Headers;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Operations;

namespace InterviewGateway.Delivery;

internal static class DeliverySetup
{
    public static readonly string UserAgent =
        $"InterviewGateway/{typeof(DeliverySetup).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    public static void AddDelivery(this IServiceCollection services, bool development)
    {
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration("Delivery")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>()
            .Configure(o => o.AllowInsecureUrls = o.AllowPrivateNetworks = development)
            .BindConfiguration("Webhooks");
        services.AddStore<ISubscriptionStore, InMemorySubscriptionStore, RedisSubscriptionStore>();
        services.AddStore<IDeliverySlots, InMemoryDeliverySlots, RedisDeliverySlots>();
        services.AddSingleton<SubscriberUrlGuard>();
        services.AddSingleton<FailureStreak>();
        services.AddSingleton<SubscriptionSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<FullPayload>();
        services.AddSingleton<SubscriptionDisabler>();
        services.AddSingleton<AttemptLedger>();
        services.AddSingleton<HeldDeliveries>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<ManualDelivery>();
        services.AddSingleton<SubscriptionRecovery>();
        services.AddKeyedSingleton<IOperationWork>(SubscriptionRecovery.Kind,
            (sp, _) => sp.GetRequiredService<SubscriptionRecovery>());
        services.AddStore<IDeliveryQueue, IDeliveryQueueAdmin, InMemoryDeliveryQueue, RedisDeliveryQueue>();
        services.AddSingleton<SubscriptionSnapshot>();
        services.AddSingleton<DeliveryLanes>();
        services.AddSingleton<DeliveryLaneMaintenance>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddTransient<DeliveryRetentionJob>();
        services.AddSingleton<IRecurringJobSource, DeliveryRetentionJobs>();
        services.AddScoped<SubscriptionService>();
        services.AddSingleton<SubscriptionFanOut>();
        services.AddSingleton<IEventFanOut>(sp => sp.GetRequiredService<SubscriptionFanOut>());

        // Subscribers get no redirects and no automatic retries: the delivery schedule owns retries.
        services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Add(ProductInfoHeaderValue.Parse(UserAgent));
                // HTTP/2 where the subscriber offers it (ALPN on https), else HTTP/1.1 keep-alive.
                client.DefaultRequestVersion = HttpVersion.Version20;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            })
            // One handler (one connection pool) for the process's life; PooledConnectionLifetime renews
            // connections, so DNS changes are still seen.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The guard resolves and checks the host on every new connection (DNS rebinding), reading
            // Webhooks:AllowPrivateNetworks as it is at that moment.
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = sp.GetRequiredService<SubscriberUrlGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
                    // max_concurrency is at most 100, so one subscriber never needs more connections.
                    MaxConnectionsPerServer = 100,
                    EnableMultipleHttp2Connections = true,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    ConnectCallback = (context, cancellationToken) =>
                        guard.ConnectAsync(context.DnsEndPoint, cancellationToken),
                    // Through a proxy the guard would check the proxy's address, not the subscriber's.
                    UseProxy = false,
                    // No traceparent to subscribers (docs/observability.md): spans are still recorded.
                    ActivityHeadersPropagator = null,
                };
            });
    }
}
