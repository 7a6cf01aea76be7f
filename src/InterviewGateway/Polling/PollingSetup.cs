using Hangfire.Server;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Polling;

internal static class PollingSetup
{
    public static void AddPolling(this IServiceCollection services, RegisteredVendors vendors)
    {
        services.AddOptions<PollingOptions>().BindConfiguration("Polling").ValidateDataAnnotations().ValidateOnStart();
        services.AddStore<IPollQueue, InMemoryPollQueue, RedisPollQueue>();
        services.AddSingleton<IPollTarget, InterviewPollTarget>();
        services.AddStore<ICompletionStats, InMemoryCompletionStats, RedisCompletionStats>();
        services.AddSingleton<PollDispatcher>();
        services.AddSingleton<IInterviewChangeSink, PollingChangeSink>();
        // Hangfire.AspNetCore starts every registered IBackgroundProcess with its server: one per
        // poll-capable vendor.
        foreach (var descriptor in vendors.All.Where(d => d.Capabilities.Polling))
        {
            services.AddSingleton<IBackgroundProcess>(
                sp => ActivatorUtilities.CreateInstance<PollingProcess>(sp, descriptor.Key));
        }
    }
}
