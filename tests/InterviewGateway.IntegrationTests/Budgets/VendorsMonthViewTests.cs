using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Budgets;

/// GET /v1/vendors shows the month's use so far, the projected use at month end and the cadence per age tier.
[Collection(GatewayCollection.Name)]
public sealed class VendorsMonthViewTests
{
    private readonly GatewayFactory _factory;

    public VendorsMonthViewTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.ResetForTest();
    }

    [Fact]
    public async Task Hindsight_shows_its_month_use_projection_and_tier_cadence()
    {
        using var client = _factory.CreateClient(GatewayFactory.AllKey);
        var created = await client.CreateInterviewAsync();
        var vendors = await client.GetOkAsync("/v1/vendors");
        var hindsight = vendors.GetProperty("data").EnumerateArray()
            .Single(v => v.GetProperty("vendor").GetString() == "hindsight");
        var budgets = hindsight.GetProperty("budgets").EnumerateArray().ToList();

        var month = budgets.Single(b => b.GetProperty("window").GetString() == "month");
        Assert.Equal(10_000, month.GetProperty("limit").GetInt32());
        var used = month.GetProperty("used").GetInt64();
        Assert.True(used >= 1, "the create spent from the month");
        Assert.InRange(month.GetProperty("projected").GetInt64(), used, 10_000);
        var minute = budgets.Single(b => b.GetProperty("window").GetString() == "minute");
        Assert.Equal(JsonValueKind.Null, minute.GetProperty("projected").ValueKind);
        Assert.All(hindsight.GetProperty("polling").EnumerateArray(),
            tier => Assert.True(tier.GetProperty("effective_seconds").GetDouble() > 0));

        // Untracked again, so its sandbox completion is never polled into another test's subscribers.
        using var deleted = await client.DeleteAsync($"/v1/interviews/{created.GetProperty("id").GetString()}");
        Assert.True(deleted.IsSuccessStatusCode);
    }
}
