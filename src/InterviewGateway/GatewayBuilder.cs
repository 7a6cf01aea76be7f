using InterviewGateway.Api;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.OperatorConsole;
using InterviewGateway.Operations;
using InterviewGateway.Polling;
using InterviewGateway.Sandbox;
using InterviewGateway.Timeline;
using InterviewGateway.Vendors;

namespace InterviewGateway;

/// The composition root: one Add/Map per area. The order is enforced, not just written down: every
/// store registration throws unless AddGatewayStorage ran first, and AddPolling takes what AddVendors
/// returns.
internal static class GatewayBuilder
{
    public static void AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        builder.AddGatewayApi();
        builder.AddGatewayAuth();
        builder.AddGatewayStorage();
        services.AddCallerRateLimit();
        var vendors = builder.AddVendors();
        services.AddSandbox();
        builder.AddGatewayHangfire();
        builder.AddGatewayHealth();
        builder.AddGatewayTelemetry();
        services.AddGatewayOpenApi();

        services.AddTimeline();
        services.AddInterviews();
        services.AddIdempotency();
        services.AddPolling(vendors);
        services.AddInbound();
        services.AddOperations();
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
        app.MapTimeline();
        app.MapVendors();
        app.MapEvents();
        app.MapEventTypes();
        app.MapSubscriptions();
        app.MapOperations();
        app.MapVendorWebhooks();
        app.MapVendorWebhookLog();
        app.MapSandbox();
        app.MapConsole();
    }
}
