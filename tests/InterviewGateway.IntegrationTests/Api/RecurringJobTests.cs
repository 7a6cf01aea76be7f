using Hangfire;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Api;

/// After Redis loses Hangfire's data (a flush, a failover to an empty replica) the recurring jobs come
/// back without a restart.
[Collection(GatewayCollection.Name)]
public sealed class RecurringJobTests(GatewayFactory factory)
{
    [Theory]
    [InlineData("reconcile:instaview")]
    [InlineData("delivery-retention")]
    public async Task A_recurring_job_that_vanished_is_registered_again(string id)
    {
        factory.ResetForTest();
        var storage = factory.Services.GetRequiredService<JobStorage>();
        factory.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(id);
        Assert.Null(Registered(storage, id));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Registered(storage, id) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{id} was not registered again");
            await Task.Delay(200);
        }

        factory.Logs.AssertNoWarningsOrErrors();
    }

    private static Dictionary<string, string>? Registered(JobStorage storage, string id)
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash($"recurring-job:{id}");
    }
}
