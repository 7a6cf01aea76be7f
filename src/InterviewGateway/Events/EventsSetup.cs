using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Events;

internal static class EventsSetup
{
    /// The event store, the outbox relay and its sweep. What a relay fans out to (IEventFanOut) comes
    /// from AddDelivery.
    public static void AddEvents(this IServiceCollection services)
    {
        services.AddStore<IEventStore, InMemoryEventStore, RedisEventStore>();
        services.AddOptions<EventOptions>().BindConfiguration("Events").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IEventRelay>(sp => sp.GetRequiredService<EventPublisher>());
        services.AddTransient<OutboxSweep>();
        services.AddHostedService<OutboxSweepService>();
    }
}
