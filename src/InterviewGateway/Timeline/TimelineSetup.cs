using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Timeline;

internal static class TimelineSetup
{
    public static void AddTimeline(this IServiceCollection services)
    {
        services.AddHttpContextAccessor(); // created/tracked entries name the caller's API key
        services.AddStore<IInterviewTimeline, InMemoryInterviewTimeline, RedisInterviewTimeline>();
        services.AddSingleton<TimelineRecorder>();
    }
}
