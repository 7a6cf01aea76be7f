using InterviewGateway.Api;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Tests.Budgets;

/// GET /v1/vendors' projected month use: what is used plus the rest of the calendar month at the larger
/// of the plan's rate and the month's rate so far, never above what the month window sustains.
public sealed class MonthProjectionTests
{
    private static readonly BudgetWindow Month =
        BudgetWindow.For(new VendorOptions { RequestsPerMonth = 10_000 }).Single();
    private static readonly DateTimeOffset MidApril = new(2026, 4, 16, 0, 0, 0, TimeSpan.Zero); // 15 of 30 days gone

    private static PollPlan Planned(double perMinute) =>
        new([0, 0, 0], [], [], [], false, Month.SustainedPerMinute, perMinute);

    [Fact]
    public void A_plan_that_spends_the_sustained_rate_projects_the_whole_budget()
    {
        var projected = VendorEndpoints.ProjectMonth(4_900, Month, Planned(Month.SustainedPerMinute), MidApril);
        Assert.InRange(projected, 9_400, 10_000); // 4,900 + 15 days of the sustainable 9,501 per 31 days
    }

    [Fact]
    public void Without_polls_the_month_so_far_is_extrapolated()
    {
        Assert.Equal(2_000, VendorEndpoints.ProjectMonth(1_000, Month, Planned(0), MidApril));
        Assert.Equal(0, VendorEndpoints.ProjectMonth(0, Month, null, MidApril));
    }
}
