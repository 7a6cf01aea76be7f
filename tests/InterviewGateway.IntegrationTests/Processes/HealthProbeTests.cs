using System.Collections.Concurrent;
using System.Diagnostics;
using InterviewGateway.Infrastructure.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Processes;

/// The container healthcheck: the built gateway binary run with `--health` probes /health/ready of the
/// instance beside it and exits 0 only on a 2xx, so docker-compose needs no curl in the image.
public sealed class HealthProbeTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _paths = new();
    private WebApplication _instance = null!;
    private int _status = StatusCodes.Status200OK;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _instance = builder.Build();
        _instance.Run(context =>
        {
            _paths.Enqueue(context.Request.Path);
            context.Response.StatusCode = _status;
            return Task.CompletedTask;
        });
        await _instance.StartAsync();
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    private int Port => new Uri(_instance.Services.GetRequiredService<IServer>()
        .Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    [Fact]
    public async Task Exits_0_when_ready_answers_2xx_and_probes_the_port_the_image_listens_on()
    {
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, await RunProbeAsync(new() { ["ASPNETCORE_HTTP_PORTS"] = port }));
        Assert.Equal(["/health/ready"], _paths);
    }

    [Fact]
    public async Task Exits_1_when_ready_answers_503_or_nothing_listens()
    {
        _status = StatusCodes.Status503ServiceUnavailable;
        Assert.Equal(1, await RunProbeAsync([], $"http://127.0.0.1:{Port}/health/ready"));
        Assert.Equal(1, await RunProbeAsync([], $"http://127.0.0.1:{GatewayProcess.FreePort()}/health/ready"));
    }

    [Fact]
    public void The_default_url_follows_the_listening_port()
    {
        Assert.Equal("http://127.0.0.1:8080/health/ready", HealthProbe.ProbeUrl(null, null, null).ToString());
        Assert.Equal("http://127.0.0.1:9000/health/ready", HealthProbe.ProbeUrl(null, "9000;9001", null).ToString());
        Assert.Equal("http://127.0.0.1:5080/health/ready",
            HealthProbe.ProbeUrl(null, null, "http://+:5080").ToString());
    }

    private static async Task<int> RunProbeAsync(Dictionary<string, string> environment, string? url = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "InterviewGateway.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --health {url}".TrimEnd())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.NotEmpty(await output); // it says what it probed
        return process.ExitCode;
    }
}
