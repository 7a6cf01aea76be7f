using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.Tests.Architecture;

/// GatewayBuilder's order is enforced by the code: stores need the storage mode first.
public sealed class RegistrationOrderTests
{
    [Fact]
    public void An_area_registered_before_the_storage_fails_naming_the_missing_call()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(services.AddInterviews);

        Assert.Contains("AddGatewayStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_memory_mode_registers_one_instance_that_is_also_evicted()
    {
        var services = new ServiceCollection().AddSingleton(new StorageMode(Redis: false));

        services.AddStore<IEventStore, InMemoryEventStore, RedisEventStore>();

        var store = services.Single(d => d.ServiceType == typeof(InMemoryEventStore));
        Assert.Equal(typeof(InMemoryEventStore), store.ImplementationType);
        Assert.Contains(services, d => d.ServiceType == typeof(IEvictable));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(RedisEventStore));
    }

    [Fact]
    public void Redis_mode_registers_the_redis_store_only()
    {
        var services = new ServiceCollection().AddSingleton(new StorageMode(Redis: true));

        services.AddStore<IEventStore, InMemoryEventStore, RedisEventStore>();

        var store = Assert.Single(services, d => d.ServiceType != typeof(StorageMode));
        Assert.Equal(typeof(IEventStore), store.ServiceType);
        Assert.Equal(typeof(RedisEventStore), store.ImplementationType);
    }
}
