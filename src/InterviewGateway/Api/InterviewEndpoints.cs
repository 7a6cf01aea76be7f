using System.ComponentModel;
using System.Text;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewGateway.Api;

internal static class InterviewEndpoints
{
    public static void MapInterviews(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/interviews").WithTags("Interviews")
            .WithStandardProblems().WithRequestValidation();

        group.MapPost("/", CreateAsync).WithName("CreateInterview")
            .WithSummary("Create an interview at the vendor and start tracking it")
            .RequireAuthorization(Scopes.InterviewsWrite).WithIdempotency<CreateInterviewRequest>().WithVendorProblems()
            .WithExamples(OpenApiExamples.CreateInterviewRequest, OpenApiExamples.Interview);
        group.MapPost("/track", TrackAsync).WithName("TrackInterview")
            .WithSummary("Start tracking an interview created elsewhere")
            .RequireAuthorization(Scopes.InterviewsWrite).WithIdempotency<TrackInterviewRequest>().WithVendorProblems()
            .WithExamples(OpenApiExamples.TrackInterviewRequest, OpenApiExamples.Interview);
        group.MapGet("/", ListAsync).WithName("ListInterviews")
            .WithSummary("List tracked interviews, newest first")
            .RequireAuthorization(Scopes.InterviewsRead)
            .WithExamples(null, OpenApiExamples.InterviewList);
        group.MapGet("/{id}", GetAsync).WithName("GetInterview")
            .WithSummary("Get one interview from the store, or from the vendor with refresh=true")
            .RequireAuthorization(Scopes.InterviewsRead).WithVendorProblems()
            .WithExamples(null, OpenApiExamples.Interview);
        group.MapPatch("/{id}", PatchAsync).WithName("UpdateInterview")
            .WithSummary("Change participant.name, objective, context or metadata (JSON merge patch)")
            .RequireAuthorization(Scopes.InterviewsWrite).WithVendorProblems()
            .Accepts<InterviewPatchRequest>("application/merge-patch+json", "application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(OpenApiExamples.PatchInterviewRequest, OpenApiExamples.Interview);
        group.MapDelete("/{id}", DeleteAsync).WithName("UntrackInterview")
            .WithSummary("Stop tracking an interview (it is not deleted at the vendor)")
            .RequireAuthorization(Scopes.InterviewsWrite);
        group.MapGet("/{id}/transcript", GetTranscriptAsync).WithName("GetTranscript")
            .WithSummary("Get the transcript as turns (json), the vendor's markdown, or plain text")
            .RequireAuthorization(Scopes.InterviewsRead)
            .WithMetadata(new AlsoProducesText("text/markdown", "text/plain"))
            .WithExamples(null, OpenApiExamples.Transcript);
    }

    internal static async Task<Created<InterviewResponse>> CreateAsync(
        CreateInterviewRequest request, InterviewService interviews, CancellationToken cancellationToken)
    {
        var command = new CreateInterviewCommand(request.Participant.ToParticipant(), request.Objective,
            request.Context, request.Options);
        var interview = await interviews.CreateAsync(request.Vendor!, command, request.Metadata ?? [],
            cancellationToken);
        return TypedResults.Created($"/v1/interviews/{interview.Id}", interview.ToResponse());
    }

    internal static async Task<Results<Created<InterviewResponse>, Ok<InterviewResponse>>> TrackAsync(
        TrackInterviewRequest request, InterviewService interviews, CancellationToken cancellationToken)
    {
        var (interview, created) = await interviews.TrackAsync(
            request.Vendor!, request.VendorInterviewId!, request.Metadata ?? [], request.Participant?.ToParticipant(),
                cancellationToken);
        return created
            ? TypedResults.Created($"/v1/interviews/{interview.Id}", interview.ToResponse())
            : TypedResults.Ok(interview.ToResponse());
    }

    internal static async Task<Ok<ListResponse<InterviewResponse>>> ListAsync(
        IInterviewStore store, VendorCatalog catalog,
        [Description("Only this vendor's interviews"), DocumentedAs(ParameterKind.Vendor)] string? vendor,
        [Description("Only interviews in this status"),
            DocumentedAs(ParameterKind.OneOf, Enum = typeof(InterviewStatus))] string? status,
        [Description("Only interviews changed after this RFC 3339 time"), DocumentedAs(ParameterKind.Timestamp)]
        string? updated_after,
        [Description("Page size, 1-100 (default 20)"), DocumentedAs(ParameterKind.PageSize)] string? limit,
        [Description("The next_cursor of the previous page")] string? cursor,
        CancellationToken cancellationToken)
    {
        if (vendor is not null && !catalog.TryGet(vendor, out _))
        {
            throw ProblemException.Validation("vendor", $"Unknown vendor '{vendor}'.");
        }

        var query = new InterviewQuery(QueryParsing.Limit(limit), QueryParsing.InterviewCursor(cursor), vendor,
            QueryParsing.Enum<InterviewStatus>("status", status), QueryParsing.Timestamp("updated_after",
                updated_after));
        var page = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new ListResponse<InterviewResponse>([.. page.Items.Select(i => i.ToResponse())],
            page.NextCursor));
    }

    internal static async Task<Ok<InterviewResponse>> GetAsync(
        [Description("Gateway interview id, {vendor}_{vendor_interview_id}")] string id,
        [Description("true: read the vendor first (spends vendor budget)"), DocumentedAs(ParameterKind.Flag)]
        string? refresh,
        [Description("vendor_data: add the raw last vendor payload"),
            DocumentedAs(ParameterKind.OneOf, Values = ["vendor_data"])] string? include,
        InterviewService interviews, CancellationToken cancellationToken)
    {
        if (include is not null and not "vendor_data")
        {
            throw ProblemException.Validation("include", "include accepts only vendor_data.");
        }

        var interview = await interviews.GetAsync(id, QueryParsing.Flag("refresh", refresh), cancellationToken);
        return TypedResults.Ok(interview.ToResponse(includeVendorData: include is not null));
    }

    internal static async Task<Ok<InterviewResponse>> PatchAsync(
        [Description("Gateway interview id")] string id, HttpRequest request, InterviewService interviews,
            CancellationToken cancellationToken)
    {
        var patch = await InterviewPatchReader.ReadAsync(request, cancellationToken);
        var interview = await interviews.PatchAsync(id, patch, cancellationToken);
        return TypedResults.Ok(interview.ToResponse());
    }

    internal static async Task<NoContent> DeleteAsync(
        [Description("Gateway interview id")] string id, InterviewService interviews,
            CancellationToken cancellationToken)
    {
        await interviews.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<TranscriptResponse>, ContentHttpResult>> GetTranscriptAsync(
        [Description("Gateway interview id")] string id,
        [Description("json (turns, default), markdown (the vendor's text) or text"),
            DocumentedAs(ParameterKind.OneOf, Values = ["json", "markdown", "text"], Default = "json")] string? format,
        IInterviewStore store, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "markdown" or "text"))
        {
            throw ProblemException.Validation("format", "format must be json, markdown or text.");
        }

        var interview = await store.GetAsync(id, cancellationToken)
            ?? throw ProblemException.NotFound($"No tracked interview has the id '{id}'.");
        var transcript = interview.Transcript
            ?? throw ProblemException.NotFound(
                $"Interview '{id}' has no transcript yet (status: {QueryParsing.Wire(interview.Status)}).");
        return format switch
        {
            "markdown" => TypedResults.Text(transcript.RawMarkdown ?? TranscriptText.Markdown(transcript),
                "text/markdown", Encoding.UTF8),
            "text" => TypedResults.Text(TranscriptText.Plain(transcript), "text/plain", Encoding.UTF8),
            _ => (Results<Ok<TranscriptResponse>, ContentHttpResult>)TypedResults.Ok(transcript.ToResponse(id)),
        };
    }
}
