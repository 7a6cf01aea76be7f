using InterviewGateway.Api.Contracts;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.OpenApi;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal sealed record VendorCapabilitiesResponse(bool Create, IReadOnlyList<string> Update, bool List, bool Webhooks, bool Polling);

internal sealed record VendorBudgetResponse(string Window, int Limit, long Used, double SustainedPerMinute);

/// One age tier of the polling plan: how often its interviews are wanted and actually polled.
internal sealed record PollingTierResponse(string Age, long Tracked, double WantedSeconds, double EffectiveSeconds);

internal sealed record VendorResponse(
    string Vendor,
    string Name,
    bool Configured,
    bool Sandbox,
    VendorCapabilitiesResponse Capabilities,
    IReadOnlyList<VendorBudgetResponse> Budgets,
    DateTimeOffset? PausedUntil,
    IReadOnlyList<PollingTierResponse>? Polling,
    string? SandboxWarning = null);

internal static class VendorEndpoints
{
    public static void MapVendors(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/vendors").WithTags("Vendors").WithStandardProblems();
        group.MapGet("/", ListAsync).WithName("ListVendors")
            .WithSummary("Each vendor: configured or sandbox, capabilities, budgets and their use")
            .RequireAuthorization(Scopes.InterviewsRead)
            .WithExamples(null, new ListResponse<VendorResponse>([Example], null));
    }

    private static readonly string[] TierNames = ["first_day", "first_week", "older"];

    internal static async Task<Ok<ListResponse<VendorResponse>>> ListAsync(
        VendorCatalog catalog, IVendorBudget budget, PollDispatcher polling, IHostEnvironment environment,
        CancellationToken cancellationToken)
    {
        var vendors = new List<VendorResponse>();
        foreach (var descriptor in catalog.All)
        {
            var connection = catalog.Connection(descriptor.Key);
            var use = await budget.GetUseAsync(descriptor.Key, cancellationToken);
            var budgets = BudgetWindow.For(catalog.Options(descriptor.Key)).Select(w => new VendorBudgetResponse(
                w.Name, w.Limit, w.Name switch { "minute" => use.Minute, "hour" => use.Hour, _ => use.Month }, Math.Round(w.SustainedPerMinute, 3)));
            var capabilities = descriptor.Capabilities;
            var plan = capabilities.Polling ? await polling.PlanAsync(descriptor.Key, cancellationToken) : null;
            vendors.Add(new VendorResponse(
                descriptor.Key.Value, descriptor.Key.DisplayName, connection.Configured, connection.Sandbox,
                new VendorCapabilitiesResponse(capabilities.Create, [.. capabilities.UpdatableFields.Order(StringComparer.Ordinal)], capabilities.List, capabilities.Webhooks, capabilities.Polling),
                [.. budgets], use.PausedUntil,
                plan is null ? null : [.. plan.Tracked.Select((n, i) => new PollingTierResponse(TierNames[i], n, plan.Wanted[i].TotalSeconds, Math.Round(plan.Effective[i].TotalSeconds, 1)))],
                Sandbox.SandboxStartup.Warning(connection, environment)));
        }

        return TypedResults.Ok(new ListResponse<VendorResponse>(vendors, null));
    }

    private static readonly VendorResponse Example = new("hindsight", "Hindsight", true, true,
        new VendorCapabilitiesResponse(true, ["context", "objective", "participant.name"], false, false, true),
        [new("minute", 10, 3, 9), new("month", 10_000, 412, 0.221)], null,
        [new("first_day", 40, 300, 300), new("first_week", 180, 900, 1620), new("older", 600, 3600, 5400)]);
}
