namespace InterviewGateway.Interviews;

internal static class InterviewsSetup
{
    /// InterviewService is scoped: one per request or job. Its stores come from the storage setup and
    /// its outbox relay (IEventRelay) from AddEvents.
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddScoped<InterviewService>();
        return services;
    }
}
