using Hangfire.Server;
using InterviewGateway.Interviews;

namespace InterviewGateway.Polling;

internal static class PollingSetup
{
    public static void AddPolling(this IServiceCollection services)
    {
        services.AddOptions<PollingOptions>().BindConfiguration("Polling").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPollTarget, InterviewPollTarget>();
        services.AddSingleton<PollDispatcher>();
        services.AddSingleton<IInterviewChangeSink, PollingChangeSink>();
        // Hangfire.AspNetCore starts every registered IBackgroundProcess with its server.
        services.AddSingleton<IBackgroundProcess, PollingProcess>();
    }
}
