using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Interviews;

internal static class InterviewsSetup
{
    public static void AddInterviews(this IServiceCollection services)
    {
        services.AddStore<IInterviewStore, InMemoryInterviewStore, RedisInterviewStore>();
        services.AddScoped<InterviewService>();
    }
}
