using System.ComponentModel;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal static class VendorEndpoints
{
    public static void MapVendors(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/vendors").WithTags("Vendors").WithStandardProblems();
        group.MapGet("/", ListAsync).WithName("ListVendors")
            .WithSummary("Each vendor: configured or sandbox, capabilities, budgets and their use")
            .RequireAuthorization(Scopes.InterviewsRead)
            .WithExample(catalog => new ListResponse<VendorResponse>([Example(catalog.All[0])], null));
        group.MapGet("/{vendor}/usage", UsageAsync).WithName("GetVendorUsage")
            .WithSummary("A vendor's requests per minute (last hour), per hour (last day) and per day (last 30 days)")
            .RequireAuthorization(Scopes.InterviewsRead)
            .WithExample(catalog => UsageExample(catalog.All[0]));
    }

    internal static async Task<Ok<VendorUsageResponse>> UsageAsync(
        [Description(VendorPlaceholders.Ids)] string vendor, VendorCatalog catalog, IVendorBudget budget,
        CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(vendor, out var descriptor))
        {
            throw ProblemException.NotFound($"No vendor '{vendor}'; GET /v1/vendors lists them.");
        }

        var history = await budget.GetHistoryAsync(descriptor.Key, cancellationToken);
        return TypedResults.Ok(new VendorUsageResponse(descriptor.Key.Value, Buckets(history.Minutes),
            Buckets(history.Hours), Buckets(history.Days)));
    }

    private static UsageBucketResponse[] Buckets(IReadOnlyList<UseCount> counts) =>
        [.. counts.Select(c => new UsageBucketResponse(c.Start, c.Count))];

    private static readonly string[] TierNames = ["first_day", "first_week", "older"];

    internal static async Task<Ok<ListResponse<VendorResponse>>> ListAsync(
        VendorCatalog catalog, IVendorBudget budget, PollDispatcher polling, IHostEnvironment environment,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var vendors = new List<VendorResponse>();
        foreach (var descriptor in catalog.All)
        {
            var connection = catalog.Connection(descriptor.Key);
            var use = await budget.GetUseAsync(descriptor.Key, cancellationToken);
            var capabilities = descriptor.Capabilities;
            var plan = capabilities.Polling ? await polling.PlanAsync(descriptor.Key, cancellationToken) : null;
            var budgets = BudgetWindow.For(catalog.Options(descriptor.Key)).Select(w => new VendorBudgetResponse(
                w.Name,
                w.Limit,
                w.Name switch { "minute" => use.Minute, "hour" => use.Hour, _ => use.Month },
                Math.Round(w.SustainedPerMinute, 3),
                w.Name == "month" ? ProjectMonth(use.Month, w, plan, time.GetUtcNow()) : null));
            vendors.Add(new VendorResponse(
                descriptor.Key.Value, descriptor.Key.DisplayName, connection.Configured, connection.Sandbox,
                Capabilities(capabilities),
                [.. budgets], use.PausedUntil,
                plan is null ? null : [.. plan.Tracked.Select((n, i) => new PollingTierResponse(TierNames[i], n,
                    plan.Wanted[i].TotalSeconds, Math.Round(plan.Effective[i].TotalSeconds, 1)))],
                Sandbox.SandboxStartup.Warning(connection, environment)));
        }

        return TypedResults.Ok(new ListResponse<VendorResponse>(vendors, null));
    }

    internal static long ProjectMonth(long used, BudgetWindow month, PollPlan? plan, DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var (elapsed, remaining) = ((now - start).TotalMinutes, (start.AddMonths(1) - now).TotalMinutes);
        var perMinute = Math.Max(plan?.PlannedPerMinute ?? 0, elapsed > 0 ? used / elapsed : 0);
        return used + (long)Math.Round(remaining * Math.Min(perMinute, month.SustainedPerMinute));
    }

    /// Made-up figures ending 2026-11-02 09:41 UTC: a steady 3 a minute, busier in working hours.
    private static VendorUsageResponse UsageExample(VendorDescriptor vendor)
    {
        var now = new DateTimeOffset(2026, 11, 2, 9, 41, 0, TimeSpan.Zero);
        return new(vendor.Key.Value,
            [.. Enumerable.Range(0, 60).Select(i => new UsageBucketResponse(now.AddMinutes(i - 59), 3))],
            [.. Enumerable.Range(0, 24).Select(i => now.AddHours(i - 23)).Select(t => new UsageBucketResponse(
                new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero), t.Hour is >= 8 and < 18 ? 180 : 40))],
            [.. Enumerable.Range(0, 30).Select(i => new UsageBucketResponse(
                new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(i - 29), 2_300))]);
    }

    /// The first registered vendor, configured, with made-up use figures.
    private static VendorResponse Example(VendorDescriptor vendor) => new(
        vendor.Key.Value, vendor.Key.DisplayName, true, true, Capabilities(vendor.Capabilities),
        [new("minute", 10, 3, 9), new("month", 10_000, 4_120, 0.22, 9_330)], null,
        vendor.Capabilities.Polling
            ? [new("first_day", 40, 300, 300), new("first_week", 180, 900, 1620), new("older", 600, 3600, 5400)]
            : null);

    private static VendorCapabilitiesResponse Capabilities(VendorCapabilities capabilities) => new(
        capabilities.Create, [.. capabilities.UpdatableFields.Order(StringComparer.Ordinal)], capabilities.List,
        capabilities.Webhooks, capabilities.Polling);
}
