using System.Diagnostics;
using InterviewGateway.Infrastructure.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InterviewGateway.Tests.Observability;

/// Issue 20: the OpenTelemetry pipeline (spans for every request, HttpClient call and Redis command, and
/// the metrics) runs only when an exporter is configured; without one only the trace context is kept.
public sealed class TelemetrySetupTests
{
    private static WebApplication Build(string? endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (endpoint is not null)
        {
            builder.Configuration.AddInMemoryCollection(
                new Dictionary<string, string?> { [TelemetrySetup.ExporterEndpoint] = endpoint });
        }

        builder.AddGatewayTelemetry();
        return builder.Build();
    }

    [Fact]
    public async Task Without_an_exporter_no_pipeline_runs_and_the_gateway_still_has_trace_ids()
    {
        await using var app = Build(endpoint: null);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        var listener = Assert.Single(app.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>());
        await listener.StartingAsync(CancellationToken.None);
        using var follow = GatewayActivity.StartFrom("test.follow_up",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        Assert.NotNull(follow);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", follow.TraceId.ToHexString());
        Assert.False(follow.IsAllDataRequested); // ids only: nothing is recorded for nobody
        Assert.Matches("^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-0[01]$", GatewayActivity.TraceParent);
    }

    [Fact]
    public async Task With_an_exporter_traces_metrics_and_logs_go_through_OpenTelemetry()
    {
        await using var app = Build(endpoint: "http://127.0.0.1:4317");

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.Empty(app.Services.GetServices<IHostedService>().OfType<TelemetrySetup.TraceContextOnly>());
    }
}
