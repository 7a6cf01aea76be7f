using InterviewGateway.Api.Contracts;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.OpenApi;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal sealed record VendorCapabilitiesResponse(bool Create, IReadOnlyList<string> Update, bool List, bool Webhooks, bool Polling);

internal sealed record VendorBudgetResponse(string Window, int Limit, long Used, double SustainedPerMinute);

internal sealed record VendorResponse(
    string Vendor,
    string Name,
    bool Configured,
    bool Sandbox,
    VendorCapabilitiesResponse Capabilities,
    IReadOnlyList<VendorBudgetResponse> Budgets,
    DateTimeOffset? PausedUntil);

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

    internal static async Task<Ok<ListResponse<VendorResponse>>> ListAsync(VendorCatalog catalog, IVendorBudget budget, CancellationToken cancellationToken)
    {
        var vendors = new List<VendorResponse>();
        foreach (var descriptor in catalog.All)
        {
            var connection = catalog.Connection(descriptor.Key);
            var use = await budget.GetUseAsync(descriptor.Key, cancellationToken);
            var budgets = BudgetWindow.For(catalog.Options(descriptor.Key)).Select(w => new VendorBudgetResponse(
                w.Name, w.Limit, w.Name switch { "minute" => use.Minute, "hour" => use.Hour, _ => use.Month }, Math.Round(w.SustainedPerMinute, 3)));
            var capabilities = descriptor.Capabilities;
            vendors.Add(new VendorResponse(
                descriptor.Key.Value, descriptor.Key.DisplayName, connection.Configured, connection.Sandbox,
                new VendorCapabilitiesResponse(capabilities.Create, [.. capabilities.UpdatableFields.Order(StringComparer.Ordinal)], capabilities.List, capabilities.Webhooks, capabilities.Polling),
                [.. budgets], use.PausedUntil));
        }

        return TypedResults.Ok(new ListResponse<VendorResponse>(vendors, null));
    }

    private static readonly VendorResponse Example = new("hindsight", "Hindsight", true, true,
        new VendorCapabilitiesResponse(true, ["context", "objective", "participant.name"], false, false, true),
        [new("minute", 10, 3, 9), new("month", 10_000, 412, 0.221)], null);
}
