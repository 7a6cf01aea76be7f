using System.Net;
using System.Net.Sockets;
using InterviewGateway.Infrastructure.DataProtection;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
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
    public async Task An_instance_whose_clock_is_slightly_behind_uses_the_key_another_just_created()
    {
        var keys = new RedisKeys($"igw-ring-{Guid.NewGuid():N}:");
        await using var ahead = await InstanceAsync(keys);
        // One second behind: the key the other instance activated "now" is still in this one's future.
        var behind = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(-1));
        await using var late = await InstanceAsync(keys, behind);

        await Bootstrap(ahead).StartAsync(CancellationToken.None);
        await Bootstrap(late).StartAsync(CancellationToken.None);

        Assert.Single(await redis.Connection.GetDatabase().ListRangeAsync(keys.DataProtectionKeys));
    }

    [Fact]
    public async Task Redis_down_at_startup_is_a_warning_not_a_crash()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there any more
        using var logs = new LogCapture();
        await using var instance = await InstanceAsync(new RedisKeys("igw-down:"), logs: logs,
            connection: $"127.0.0.1:{port},abortConnect=false,connectTimeout=200,syncTimeout=500");

        await Bootstrap(instance).StartAsync(CancellationToken.None);

        AssertFellBack(logs);
    }

    [Fact]
    public async Task Redis_that_stops_answering_at_startup_is_a_warning_not_a_crash()
    {
        using var logs = new LogCapture();
        await using var instance = await InstanceAsync(new RedisKeys($"igw-stall-{Guid.NewGuid():N}:"), logs: logs,
            connection: redis.ConnectionString + ",syncTimeout=300,asyncTimeout=300");
        await instance.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
        // Connected, then stalled: commands time out (RedisTimeoutException, which is not a RedisException).
        await redis.Connection.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        try
        {
            await Bootstrap(instance).StartAsync(CancellationToken.None);
        }
        finally
        {
            // Let the pause end before the next test: Redis answers this ping only once the pause is over.
            await redis.Connection.GetDatabase().PingAsync();
        }

        AssertFellBack(logs);
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

    private static KeyRingBootstrap Bootstrap(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<KeyRingBootstrap>().Single();

    private static void AssertFellBack(LogCapture logs)
    {
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(111, warning.EventId.Id);
        Assert.Contains("Data Protection key ring", warning.Message, StringComparison.Ordinal);
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    /// One instance's Data Protection stack, as the gateway registers it, with its own Redis connection.
    private async Task<ServiceProvider> InstanceAsync(
        RedisKeys keys, TimeProvider? time = null, LogCapture? logs = null, string? connection = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(keys);
        services.AddSingleton<IConnectionMultiplexer>(
            await ConnectionMultiplexer.ConnectAsync(connection ?? redis.ConnectionString));
        services.AddGatewayDataProtection(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }
}
