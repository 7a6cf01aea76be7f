using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InterviewGateway.Infrastructure.Observability;

internal static class TelemetrySetup
{
    /// Traces (the gateway's own spans, ASP.NET Core, HttpClient, Redis), metrics and logs through
    /// OpenTelemetry; exported over OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set, otherwise
    /// collected for in-process listeners only (docs/observability.md).
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("interview-gateway"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(GatewayActivity.SourceName)
                .AddRedisInstrumentation())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(GatewayMetrics.MeterName))
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
    }
}
