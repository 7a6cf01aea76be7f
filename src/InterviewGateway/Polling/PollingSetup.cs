using Hangfire.Server;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using StackExchange.Redis;

namespace InterviewGateway.Polling;

internal static class PollingSetup
{
    public static void AddPolling(this IServiceCollection services)
    {
        services.AddOptions<PollingOptions>().BindConfiguration("Polling").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPollTarget, InterviewPollTarget>();
        services.AddSingleton<ICompletionStats>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisCompletionStats(redis, sp.GetRequiredService<RedisKeys>())
            : new InMemoryCompletionStats());
        services.AddSingleton<PollDispatcher>();
        services.AddSingleton<IInterviewChangeSink, PollingChangeSink>();
        // Hangfire.AspNetCore starts every registered IBackgroundProcess with its server: one per
        // poll-capable vendor (vendors are registered before polling, see GatewayBuilder).
        var pollable = services.Select(d => d.ImplementationInstance).OfType<VendorDescriptor>()
            .Where(d => d.Capabilities.Polling).ToList();
        foreach (var descriptor in pollable)
        {
            services.AddSingleton<IBackgroundProcess>(
                sp => ActivatorUtilities.CreateInstance<PollingProcess>(sp, descriptor.Key));
        }
    }
}
