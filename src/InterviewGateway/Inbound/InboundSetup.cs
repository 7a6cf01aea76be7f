using Hangfire.Server;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

internal static class InboundSetup
{
    public static void AddInbound(this IServiceCollection services)
    {
        services.AddOptions<InboundOptions>().BindConfiguration("Inbound").ValidateDataAnnotations().ValidateOnStart();
        services.AddStore<IFollowUpQueue, InMemoryFollowUpQueue, RedisFollowUpQueue>();
        services.AddSingleton<VendorSecrets>();
        services.AddSingleton<DurableAccept>();
        services.AddSingleton<InboundRateLimit>();
        services.AddSingleton<FollowUpSignal>();
        services.AddSingleton<InboundWebhooks>();
        services.AddSingleton<FollowUpDispatcher>();
        services.AddScoped<InterviewFollowUp>();
        // Hangfire.AspNetCore starts every registered IBackgroundProcess with its server.
        services.AddSingleton<IBackgroundProcess, FollowUpProcess>();
        services.AddScoped<ReconciliationJob>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation").ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IRecurringJobSource, ReconciliationJobs>();
        // The log of every inbound request (InboundWebhooks is its one writer).
        services.AddOptions<InboundWebhookLogOptions>().BindConfiguration("VendorWebhookLog")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddStore<IInboundWebhookLog, InMemoryInboundWebhookLog, RedisInboundWebhookLog>();
    }
}
