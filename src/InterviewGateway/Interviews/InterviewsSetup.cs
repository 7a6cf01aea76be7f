using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Interviews;

internal static class InterviewsSetup
{
    /// InterviewService is scoped: one per request or job. Its outbox relay (IEventRelay) comes from
    /// AddEvents. TrackedInterviews is what the vendor webhook and reconciliation jobs call back into.
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddStore<IInterviewStore, InMemoryInterviewStore, RedisInterviewStore>();
        services.AddScoped<InterviewService>();
        services.AddScoped<ITrackedInterviews, TrackedInterviews>();
        return services;
    }
}
