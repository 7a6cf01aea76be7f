using InterviewGateway.Vendors.InstaView;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.InstaView.Simulator;

namespace InterviewGateway.IntegrationTests.Processes;

/// The InstaView simulator on its own loopback port with generous limits, for load and chaos tests that
/// drive a gateway process with signed webhooks.
public sealed class StandaloneInstaView : IAsyncDisposable
{
    public const string WebhookToken = "instaview-process-test-token";

    private readonly WebApplication _app;

    private StandaloneInstaView(WebApplication app) => _app = app;

    /// The key this simulator accepts, for `Vendors:InstaView:ApiKey`.
    public string ApiKey => _app.Services.GetRequiredService<SandboxCredentials>().ApiKey(InstaViewVendor.VendorKey);

    internal InstaViewSimulator Simulator => _app.Services.GetRequiredService<InstaViewSimulator>();

    public string BaseUrl =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        + "/sandbox/instaview/v1";

    /// Gateway settings pointing InstaView at this simulator, with no budget in the way.
    public IReadOnlyDictionary<string, string> GatewaySettings => new Dictionary<string, string>
    {
        ["Vendors:InstaView:BaseUrl"] = BaseUrl,
        ["Vendors:InstaView:ApiKey"] = ApiKey,
        ["Vendors:InstaView:WebhookToken"] = WebhookToken,
        ["Vendors:InstaView:RequestsPerMinute"] = "0",
        ["Vendors:InstaView:RequestsPerHour"] = "0",
    };

    public static async Task<StandaloneInstaView> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient();
        builder.Services.AddOptions<InstaViewSimulatorOptions>().Configure(o =>
        {
            o.RequestsPerMinute = 100_000;
            o.RequestsPerHour = 10_000_000;
        });
        builder.Services.AddSingleton<InstaViewSimulator>();
        StandaloneSandboxCredentials.Add(builder.Services, new InstaViewVendor());
        var app = builder.Build();
        InstaViewSimulator.Map(app.MapGroup("/sandbox/instaview"));
        await app.StartAsync();
        return new StandaloneInstaView(app);
    }

    /// Sends the simulator's signed webhooks for `ids` to `gateway`, `concurrency` at a time; the statuses.
    public async Task<IReadOnlyList<int>> SendWebhooksAsync(GatewayProcess gateway, IReadOnlyList<string> ids,
        int concurrency)
    {
        SendWebhooksTo(() => gateway);
        var statuses = new int[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i,
            ct) =>
            statuses[i] = (await Simulator.SendWebhookAsync(ids[i], token: WebhookToken,
                cancellationToken: ct)).Status);
        return statuses;
    }

    /// Routes the simulator's webhooks to the gateway `pick` names at each send; 0 when none answers.
    public void SendWebhooksTo(Func<GatewayProcess?> pick) =>
        Simulator.WebhookSender = async (body, headers, cancellationToken) =>
        {
            if (pick() is not { } gateway)
            {
                return 0;
            }

            using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/vendor-webhooks/instaview")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
            };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                return (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return 0; // the gateway is down (a chaos test killed it): the vendor retries
            }
        };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
