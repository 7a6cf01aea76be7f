using Hangfire;
using Hangfire.States;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Api;

/// Issue 17: Redis runs with noeviction, and Hangfire kept failed jobs forever. A failed job now expires.
[Collection(GatewayCollection.Name)]
public sealed class FailedJobExpiryTests(GatewayFactory factory)
{
    [Fact]
    public async Task A_job_that_failed_for_good_expires_after_a_week_with_its_exception_kept()
    {
        factory.ResetForTest();
        var id = factory.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<FailingJob>(j => j.RunAsync(CancellationToken.None));
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (State(storage, id) != DeletedState.StateName)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the job never failed for good ({State(storage, id)})");
            await Task.Delay(100);
        }

        var ttl = await factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase()
            .KeyTimeToLiveAsync($"{new RedisKeys(factory.KeyPrefix).HangfirePrefix}job:{id}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, FailedJobExpiry.Expiry - TimeSpan.FromMinutes(1), FailedJobExpiry.Expiry);
        using var connection = storage.GetConnection();
        Assert.Contains("InvalidOperationException: This job fails on purpose.", connection.GetStateData(id).Reason,
            StringComparison.Ordinal);
    }

    private static string? State(JobStorage storage, string id)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(id)?.Name;
    }
}

public sealed class FailingJob
{
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This job fails on purpose.");
}
