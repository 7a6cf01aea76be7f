using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Polling;

/// A webhook vendor's interviews are polled only as a slow safety net, whatever their age; a vendor
/// without webhooks keeps the age-tier cadence.
public sealed class WebhookSafetyNetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, 7_200, 7_200)]
    [InlineData(false, 300, 3_600)]
    public async Task The_plan_wants_the_safety_net_for_a_webhook_vendor(
        bool webhooks, double youngSeconds, double olderSeconds)
    {
        var vendor = new VendorKey("v", "V", "V");
        var catalog = TestVendors.Catalog(vendor, webhooks, o => o.RequestsPerMinute = 60);
        var polling = TestVendors.Monitor<PollingOptions>(o => o.WebhookSafetyNet = TimeSpan.FromHours(2));
        var time = new FakeTimeProvider(T0);
        var queue = new InMemoryPollQueue();
        await queue.ScheduleAsync("v", "young", T0, T0, default);
        await queue.ScheduleAsync("v", "older", T0, T0.AddDays(-10), default);
        var budget = new VendorBudget(new InMemoryBudgetStore(), catalog, time);
        var dispatcher = new PollDispatcher(queue, budget, catalog, new NoPoll(), polling, time);

        var plan = await dispatcher.PlanAsync(vendor, default);

        Assert.Equal(youngSeconds, plan.IntervalFor(TimeSpan.FromHours(1)).TotalSeconds);
        Assert.Equal(olderSeconds, plan.IntervalFor(TimeSpan.FromDays(10)).TotalSeconds);
    }
}
