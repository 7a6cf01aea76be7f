using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Events;

internal static class EventsSetup
{
    /// The event store, the publisher (outbox relay and fan-out) and the outbox sweep.
    public static void AddEvents(this IServiceCollection services)
    {
        services.AddStore<IEventStore, InMemoryEventStore, RedisEventStore>();
        services.AddOptions<EventOptions>().BindConfiguration("Events").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventPublisher>();
        services.AddTransient<FanOutSweepJob>();
        services.AddSingleton<IEventRelay>(sp => sp.GetRequiredService<EventPublisher>());
        services.AddHostedService<OutboxSweepService>();
    }
}
