using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Vendors.Webhooks;

internal static class WebhookSetup
{
    public static void AddVendorWebhooks(this IServiceCollection services)
    {
        services.AddStore<IWebhookFollowUps, InMemoryWebhookFollowUps, RedisWebhookFollowUps>();
        services.AddSingleton<VendorSecrets>();
        services.AddScoped<VendorWebhookJob>();
        services.AddScoped<ReconciliationJob>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation").ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IRecurringJobSource, ReconciliationJobs>();
        services.AddHostedService<WebhookFollowUpPump>();
    }
}
