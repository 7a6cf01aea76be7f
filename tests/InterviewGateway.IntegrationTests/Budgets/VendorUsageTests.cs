using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Budgets;

/// GET /v1/vendors/{vendor}/usage: the history the console charts, counted where the budget is spent.
[Collection(GatewayCollection.Name)]
public sealed class VendorUsageTests(GatewayFactory factory) : GatewayTest(factory)
{
    [Fact]
    public async Task A_vendor_call_shows_in_this_minute_hour_and_day()
    {
        var before = await UsageAsync();
        var created = await Client.CreateInterviewAsync();
        using var deleted = await Client.DeleteAsync($"/v1/interviews/{created.GetProperty("id").GetString()}");

        var after = await UsageAsync();

        Assert.Equal(60, after.GetProperty("last_hour").GetArrayLength());
        Assert.Equal(24, after.GetProperty("last_day").GetArrayLength());
        Assert.Equal(30, after.GetProperty("last_month").GetArrayLength());
        foreach (var window in new[] { "last_hour", "last_day", "last_month" })
        {
            // At least the create; a poll of another test's interview may land in the same buckets.
            Assert.True(Total(after, window) > Total(before, window) || Last(after, window) > Last(before, window),
                $"{window} did not count the create");
        }

        var days = after.GetProperty("last_month").EnumerateArray()
            .Select(d => DateTimeOffset.Parse(d.GetProperty("start").GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        Assert.All(days, d => Assert.Equal(TimeSpan.Zero, d.UtcDateTime.TimeOfDay));
        Assert.Equal(days.Order(), days);
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date, days[^1].UtcDateTime.Date);
    }

    private async Task<System.Text.Json.JsonElement> UsageAsync() =>
        await Client.GetOkAsync("/v1/vendors/hindsight/usage");

    private static long Total(System.Text.Json.JsonElement usage, string window) =>
        usage.GetProperty(window).EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());

    private static long Last(System.Text.Json.JsonElement usage, string window) =>
        usage.GetProperty(window).EnumerateArray().Last().GetProperty("count").GetInt64();
}
