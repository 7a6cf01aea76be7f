using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Events;

internal static class EventsSetup
{
    /// The outbox relay and sweep; EventPublisher itself is registered with the delivery services.
    public static void AddEvents(this IServiceCollection services)
    {
        services.AddStore<IEventStore, InMemoryEventStore, RedisEventStore>();
        services.AddOptions<EventOptions>().BindConfiguration("Events").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEventRelay>(sp => sp.GetRequiredService<EventPublisher>());
        services.AddHostedService<OutboxSweepService>();
    }
}
