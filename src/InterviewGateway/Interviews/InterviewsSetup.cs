using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Interviews;

internal static class InterviewsSetup
{
    /// InterviewService is scoped: one per request or job. Its outbox relay (IEventRelay) comes from
    /// AddEvents. TrackedParticipants gives reconcilers the candidates of unfinished interviews.
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddStore<IInterviewStore, InMemoryInterviewStore, RedisInterviewStore>();
        services.AddScoped<InterviewService>();
        services.AddScoped<ITrackedParticipants, TrackedParticipants>();
        return services;
    }
}
