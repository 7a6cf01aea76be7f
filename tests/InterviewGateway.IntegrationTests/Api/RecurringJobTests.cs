using Hangfire;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Api;

/// After Redis loses Hangfire's data (a flush, a failover to an empty replica) the recurring jobs come
/// back without a restart.
[Collection(GatewayCollection.Name)]
public sealed class RecurringJobTests(GatewayFactory factory)
{
    [Fact]
    public async Task A_recurring_reconciliation_job_that_vanished_is_registered_again()
    {
        factory.ResetForTest();
        var storage = factory.Services.GetRequiredService<JobStorage>();
        factory.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists("reconcile:instaview");
        Assert.Null(Registered(storage));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Registered(storage) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "reconcile:instaview was not registered again");
            await Task.Delay(200);
        }

        factory.Logs.AssertNoWarningsOrErrors();
    }

    private static Dictionary<string, string>? Registered(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash("recurring-job:reconcile:instaview");
    }
}
