using System.Net.Http.Headers;
using InterviewGateway.Events;
using InterviewGateway.Sandbox;

namespace InterviewGateway.Delivery;

internal static class DeliverySetup
{
    public static readonly string UserAgent = $"InterviewGateway/{typeof(DeliverySetup).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    public static void AddDelivery(this IServiceCollection services, bool development)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration("Delivery").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>()
            .Configure(o => o.AllowInsecureUrls = o.AllowPrivateNetworks = development)
            .BindConfiguration("Webhooks");
        services.AddSingleton<SubscriberUrlGuard>();
        services.AddSingleton<FailureStreak>();
        services.AddSingleton<DeliveryService>();
        services.AddTransient<DeliveryJob>();
        services.AddScoped<SubscriptionService>();
        services.AddSingleton<EventPublisher>();
        services.AddTransient<FanOutSweepJob>();
        services.AddSingleton<WebhookReceiver>();

        // Subscribers get no redirects and no automatic retries: the delivery schedule owns retries.
        services.AddHttpClient(DeliveryService.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Add(ProductInfoHeaderValue.Parse(UserAgent));
            })
            // The guard resolves and checks the host on every new connection (DNS rebinding), reading
            // Webhooks:AllowPrivateNetworks as it is at that moment.
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = sp.GetRequiredService<SubscriberUrlGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    ConnectCallback = (context, cancellationToken) => guard.ConnectAsync(context.DnsEndPoint, cancellationToken),
                    // Through a proxy the guard would check the proxy's address, not the subscriber's.
                    UseProxy = false,
                };
            });
    }
}
