using System.ComponentModel.DataAnnotations;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Polling;

/// Issue 20: the dispatcher's idle sleep and its plan are product configuration (Polling:IdleInterval,
/// Polling:Plan), not properties a benchmark sets on the production class.
public sealed class PollingOptionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly VendorKey Vendor = new("v", "V", "V");

    [Fact]
    public async Task An_empty_queue_sleeps_the_configured_idle_interval()
    {
        var dispatcher = await DispatcherAsync(o => o.IdleInterval = TimeSpan.FromMinutes(7), interviews: 0);

        Assert.Equal(TimeSpan.FromMinutes(7), await dispatcher.StepAsync(Vendor, default));
    }

    [Theory]
    [InlineData("AgeAware", true)]
    [InlineData("Uniform", false)]
    public async Task The_plan_mode_decides_whether_young_interviews_come_first(string mode, bool youngFirst)
    {
        var dispatcher = await DispatcherAsync(o => o.Plan = Enum.Parse<PollPlanMode>(mode), interviews: 100);

        var plan = await dispatcher.PlanAsync(Vendor, default);

        var young = plan.IntervalFor(TimeSpan.FromHours(1));
        var older = plan.IntervalFor(TimeSpan.FromDays(10));
        Assert.Equal(youngFirst, young < older);
        Assert.Equal(!youngFirst, young == older);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.0, true)]
    [InlineData(7200.0, false)]
    public void The_idle_interval_is_validated(double seconds, bool valid)
    {
        var options = new PollingOptions { IdleInterval = TimeSpan.FromSeconds(seconds) };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
    }

    private static async Task<PollDispatcher> DispatcherAsync(Action<PollingOptions> configure, int interviews)
    {
        // One request a minute for 200 tracked interviews: the budget binds, so the plan has to divide it.
        var catalog = TestVendors.Catalog(Vendor, webhooks: false, o => o.RequestsPerMinute = 1);
        var time = new FakeTimeProvider(T0);
        var queue = new InMemoryPollQueue();
        for (var i = 0; i < interviews; i++)
        {
            await queue.ScheduleAsync("v", $"young{i}", T0.AddHours(1), T0, default);
            await queue.ScheduleAsync("v", $"older{i}", T0.AddHours(1), T0.AddDays(-10), default);
        }

        var budget = new VendorBudget(new InMemoryBudgetStore(), catalog, time);
        return new PollDispatcher(queue, budget, catalog, new NoPoll(), TestVendors.Monitor(configure), time);
    }
}
