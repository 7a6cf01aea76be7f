using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InterviewGateway.Infrastructure.Observability;

internal static class TelemetrySetup
{
    public const string ExporterEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// With `OTEL_EXPORTER_OTLP_ENDPOINT` set: traces (the gateway's own spans, ASP.NET Core, HttpClient,
    /// Redis), metrics and logs through OpenTelemetry, exported over OTLP. Without it nothing reads them, so
    /// no OpenTelemetry pipeline runs (it recorded every span, Redis command and measurement for nobody:
    /// issue 20); only the trace context is kept, so trace ids still tie a completion together
    /// (docs/observability.md). The meters stay readable in process (dotnet-counters) either way.
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[ExporterEndpoint]))
        {
            builder.Services.AddHostedService<TraceContextOnly>();
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("interview-gateway"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(GatewayActivity.SourceName)
                .AddRedisInstrumentation())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(GatewayMetrics.MeterName))
            .WithLogging()
            .UseOtlpExporter();
    }

    /// Creates the request's and the gateway's own activities (ids only, no tags, nothing recorded), so
    /// `trace_id` in timelines, the inbound log and problem bodies, and a follow-up continuing the
    /// webhook's trace, work without an exporter.
    internal sealed class TraceContextOnly : IHostedLifecycleService, IDisposable
    {
        public static readonly string[] Sources = [GatewayActivity.SourceName, "Microsoft.AspNetCore"];

        private readonly ActivityListener _listener = new()
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };

        /// Before any hosted service starts (Hangfire's follow-up process among them) or a request comes.
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            ActivitySource.AddActivityListener(_listener);
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => _listener.Dispose();
    }
}
