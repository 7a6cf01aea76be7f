using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Interviews;

internal static class InterviewsSetup
{
    /// InterviewService is scoped: one per request or job. Its outbox relay (IEventRelay) comes from
    /// AddEvents.
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddStore<IInterviewStore, InMemoryInterviewStore, RedisInterviewStore>();
        services.AddScoped<InterviewService>();
        return services;
    }
}
