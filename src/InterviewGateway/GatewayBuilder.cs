using System.Diagnostics;
using InterviewGateway.Api;
using InterviewGateway.Api.Errors;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.OpenApi;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Interviews;
using InterviewGateway.Polling;
using InterviewGateway.Sandbox;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway;

/// The composition root: every area's registration and mapping, in order.
internal static class GatewayBuilder
{
    public static void AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().BindConfiguration("Gateway").ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions, strict: true));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = AddTraceId);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        builder.AddGatewayAuth();
        services.AddCallerRateLimit();
        builder.AddGatewayStorage();
        builder.AddVendors();
        services.AddSandbox();
        builder.AddGatewayHangfire();
        builder.AddGatewayHealth();
        builder.AddGatewayTelemetry();
        services.AddGatewayOpenApi();

        services.AddScoped<InterviewService>();
        services.AddScoped<IdempotencyFilter>();
        services.AddPolling();
        services.AddVendorWebhooks();
        services.AddDelivery(builder.Environment.IsDevelopment());
        services.AddEvents();
        services.AddHostedService<StartupReport>();
    }

    public static void UseGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseCallerRateLimit();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseGatewaySwaggerUi();
        app.MapGatewayHealth();
        app.MapGatewayHangfireDashboard();

        app.MapInterviews();
        app.MapVendors();
        app.MapEvents();
        app.MapEventTypes();
        app.MapSubscriptions();
        app.MapVendorWebhooks();
        app.MapSandbox();
    }

    private static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions.Remove("traceId");
        context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        // Problems written by the framework itself (status code pages, e.g. routing's 415 for a wrong
        // Content-Type) arrive with an RFC 9110 section link as type; callers need our stable types.
        if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            context.ProblemDetails.Type = ProblemTypes.ForStatus(context.ProblemDetails.Status ?? 500);
        }

        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json (or application/merge-patch+json for PATCH).",
            StatusCodes.Status405MethodNotAllowed => "This path does not accept that HTTP method.",
            _ => context.ProblemDetails.Title ?? "The request failed.",
        };

        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
    }
}
