using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.Tests.Architecture;

/// Issue 20: every store is registered the same way, one `AddStore<I, InMemoryX, RedisX>()` line in its
/// area (the delivery queue, completion stats and caller rate store once chose by hand).
public sealed class StoreRegistrationTests
{
    [Fact]
    public void Every_store_with_an_in_memory_and_a_redis_implementation_is_registered_by_AddStore()
    {
        var types = typeof(StorageMode).Assembly.GetTypes();
        var pairs = types
            .Where(t => t.Name.StartsWith("InMemory", StringComparison.Ordinal) && !t.IsNested)
            .Select(t => (InMemory: t.Name, Redis: "Redis" + t.Name["InMemory".Length..]))
            .Where(p => types.Any(t => t.Name == p.Redis))
            .ToList();
        var source = string.Join('\n', SourceTree.Files.Select(SourceTree.Read));

        var missing = pairs.Where(p => !source.Contains($"{p.InMemory}, {p.Redis}>()", StringComparison.Ordinal))
            .Select(p => p.Redis)
            .ToList();

        Assert.True(pairs.Count >= 15, "the scan found the stores");
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_delivery_queue_is_one_instance_behind_the_engine_and_the_admin_faces(bool redis)
    {
        var services = new ServiceCollection().AddSingleton(new StorageMode(redis)).AddSingleton(TimeProvider.System);

        services.AddStore<IDeliveryQueue, IDeliveryQueueAdmin, InMemoryDeliveryQueue, RedisDeliveryQueue>();

        var engine = services.Single(d => d.ServiceType == typeof(IDeliveryQueue));
        Assert.Equal(redis ? typeof(RedisDeliveryQueue) : null, engine.ImplementationType);
        if (!redis)
        {
            using var provider = services.BuildServiceProvider();
            Assert.Same(provider.GetRequiredService<IDeliveryQueue>(),
                provider.GetRequiredService<IDeliveryQueueAdmin>());
        }
    }
}
