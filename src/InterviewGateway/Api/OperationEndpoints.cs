using System.ComponentModel;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

/// Long-running work started by another endpoint (recover), looked at here until it finishes.
internal static class OperationEndpoints
{
    public static readonly OperationResponse Example = new("op_19a4b2c3d4e7f3a2b1c0d9", "subscription.recover",
        OperationState.Running, "sub_19a4b2c3d4e1a2b3c4d5e6", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
        4000, 12, null, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 2, 9, 0, 1, TimeSpan.Zero));

    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/operations").WithTags("Operations").WithStandardProblems()
            .RequireAuthorization(Scopes.SubscriptionsManage);

        group.MapGet("/{id}", GetAsync).WithName("GetOperation")
            .WithSummary("Get an operation's state and progress (kept 7 days)")
            .WithExamples(null, Example with { State = OperationState.Completed, Scanned = 10000, Enqueued = 37 });
    }

    internal static async Task<Ok<OperationResponse>> GetAsync([Description("Operation id")] string id,
        IOperationStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } operation
            ? TypedResults.Ok(operation.ToResponse())
            : throw ProblemException.NotFound($"No operation has the id '{id}'.");
}
