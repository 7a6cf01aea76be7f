using System.Diagnostics;
using InterviewGateway.Api.Errors;
using InterviewGateway.Infrastructure;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Json;

namespace InterviewGateway.Api;

/// The HTTP surface's shared rules: options, strict JSON, and problem+json for every error.
internal static class ApiSetup
{
    public static void AddGatewayApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration("Gateway")
            .ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions, strict: true));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = AddTraceId);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
    }

    private static void AddTraceId(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.TraceId.ToHexString()
            ?? context.HttpContext.TraceIdentifier;
        // Problems written by the framework itself (status code pages, e.g. routing's 415 for a wrong
        // Content-Type) arrive with an RFC 9110 section link as type; callers need our stable types.
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = ProblemTypes.ForStatus(problem.Status ?? 500);
        }

        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType =>
                "Send the request body as application/json (or application/merge-patch+json for PATCH).",
            StatusCodes.Status405MethodNotAllowed => "This path does not accept that HTTP method.",
            _ => problem.Title ?? "The request failed.",
        };

        problem.Instance ??= context.HttpContext.Request.Path;
    }
}
