using System.Globalization;
using InterviewGateway.Vendors.Hindsight;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Hindsight.Simulator;

namespace InterviewGateway.IntegrationTests.Processes;

/// The Hindsight simulator served on its own loopback port, so several gateway processes can share
/// one vendor the way they would share the real one.
public sealed class StandaloneHindsight : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandaloneHindsight(WebApplication app) => _app = app;

    internal HindsightSimulator Simulator => _app.Services.GetRequiredService<HindsightSimulator>();

    /// The key this simulator accepts, for `Vendors:Hindsight:ApiKey`.
    public string ApiKey => _app.Services.GetRequiredService<SandboxCredentials>().ApiKey(HindsightVendor.VendorKey);

    public string BaseUrl =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First() + "/sandbox/hindsight/api/v1";

    /// Gateway settings pointing Hindsight at this simulator, with every age tier polled each second.
    public Dictionary<string, string> GatewaySettings(int requestsPerMinute) => new()
    {
        ["Vendors:Hindsight:BaseUrl"] = BaseUrl,
        ["Vendors:Hindsight:ApiKey"] = ApiKey,
        ["Vendors:Hindsight:RequestsPerMinute"] = requestsPerMinute.ToString(CultureInfo.InvariantCulture),
        ["Polling:Cadence:0"] = "00:00:01",
        ["Polling:Cadence:1"] = "00:00:01",
        ["Polling:Cadence:2"] = "00:00:01",
    };

    public static async Task<StandaloneHindsight> StartAsync(int requestsPerMinute)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<HindsightSimulatorOptions>().Configure(o =>
            o.RequestsPerMinute = requestsPerMinute);
        builder.Services.AddSingleton<HindsightSimulator>();
        StandaloneSandboxCredentials.Add(builder.Services, new HindsightVendor());
        var app = builder.Build();
        HindsightSimulator.Map(app.MapGroup("/sandbox/hindsight"));
        await app.StartAsync();
        return new StandaloneHindsight(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
