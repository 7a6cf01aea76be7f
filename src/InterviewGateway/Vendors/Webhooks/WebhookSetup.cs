using InterviewGateway.Infrastructure.Hangfire;

namespace InterviewGateway.Vendors.Webhooks;

internal static class WebhookSetup
{
    public static void AddVendorWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<VendorSecrets>();
        services.AddScoped<VendorWebhookJob>();
        services.AddScoped<ReconciliationJob>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation").ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IRecurringJobSource, ReconciliationJobs>();
        services.AddHostedService<WebhookFollowUpPump>();
    }
}
