using InterviewGateway.Infrastructure.DataProtection;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Security;

/// Instances starting at the same moment on an empty Redis: exactly one creates the first key, and what
/// either encrypts the other decrypts.
public sealed class KeyRingBootstrapTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Instances_starting_together_on_an_empty_redis_end_up_on_one_key()
    {
        for (var round = 0; round < 5; round++)
        {
            var keys = new RedisKeys($"igw-ring-{Guid.NewGuid():N}:");
            var instances = new List<ServiceProvider>();
            for (var i = 0; i < 4; i++)
            {
                instances.Add(await InstanceAsync(keys));
            }

            using var start = new Barrier(instances.Count);
            await Task.WhenAll(instances.Select(sp => Task.Run(async () =>
            {
                start.SignalAndWait();
                foreach (var hosted in sp.GetServices<IHostedService>().OfType<KeyRingBootstrap>())
                {
                    await hosted.StartAsync(CancellationToken.None);
                }
            })));

            Assert.Single(await redis.Connection.GetDatabase().ListRangeAsync(keys.DataProtectionKeys));
            var secret = Protector(instances[0]).Protect("s3cret");
            Assert.All(instances, sp => Assert.Equal("s3cret", Protector(sp).Unprotect(secret)));
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public void An_unreadable_certificate_stops_startup_with_a_message_naming_the_setting()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not a certificate");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = path,
            }).Build();

            var problem = Assert.Throws<InvalidOperationException>(
                () => new ServiceCollection().AddGatewayDataProtection(configuration));
            Assert.StartsWith("DataProtection:CertificatePath", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    /// One instance's Data Protection stack, as the gateway registers it, with its own Redis connection.
    private async Task<ServiceProvider> InstanceAsync(RedisKeys keys)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(keys);
        services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString));
        services.AddGatewayDataProtection(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }
}
