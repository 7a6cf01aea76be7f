using System.Diagnostics;
using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Cluster;

/// Issue 21: a primary with replicas behind Sentinel needs no code of ours. A connection string naming the
/// sentinels and `serviceName=` is enough: StackExchange.Redis asks them for the primary and connects there,
/// with the gateway's own settings (RedisFaults.Options) applied on top.
public sealed class SentinelTests
{
    [Fact]
    public async Task A_connection_string_naming_a_sentinel_and_its_service_reaches_the_primary()
    {
        await using var primary = RedisServerFixture.With();
        await primary.InitializeAsync();
        var directory = Directory.CreateTempSubdirectory("igw-sentinel-").FullName;
        var port = RedisServerFixture.FreePort();
        var config = Path.Combine(directory, "sentinel.conf"); // Sentinel rewrites its config: a file of its own
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"port {port}\nbind 127.0.0.1\nsentinel monitor igw {primary.Endpoint.Replace(':', ' ')} 1\n"));
        using var sentinel = Process.Start(new ProcessStartInfo(RedisServerLocator.FindBinary()!,
            [config, "--sentinel"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            var connectionString = $"127.0.0.1:{port},serviceName=igw";
            await using var connection = await ConnectAsync(RedisFaults.Options(connectionString));

            var key = $"sentinel:{Guid.NewGuid():N}";
            await connection.GetDatabase().StringSetAsync(key, "via sentinel");

            Assert.Equal("via sentinel", await primary.Connection.GetDatabase().StringGetAsync(key));
        }
        finally
        {
            sentinel.Kill();
            await sentinel.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// Sentinel takes a moment to listen and to learn its primary.
    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(options);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
