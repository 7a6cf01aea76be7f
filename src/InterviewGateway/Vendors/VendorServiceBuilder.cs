using System.Net;
using System.Text.Json;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace InterviewGateway.Vendors;

/// What a vendor module uses to register itself; keeps every vendor's plumbing identical.
internal sealed class VendorServiceBuilder(IServiceCollection services, IVendorModule module)
{
    public IServiceCollection Services => services;

    public VendorKey Key => module.Key;

    public string ConfigSection => $"Vendors:{module.Key.ConfigSection}";

    /// The vendor's own settings, bound from the same section as its connection options.
    public void AddOptions<TOptions>()
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(ConfigSection).ValidateDataAnnotations().ValidateOnStart();

    /// The vendor's sandbox simulator, served under `/sandbox/{vendor}/` when `Sandbox:Enabled`.
    public void AddSandbox<TSandbox>()
        where TSandbox : IVendorSandbox, new()
    {
        var sandbox = new TSandbox();
        services.AddSingleton<IVendorSandbox>(sandbox);
        sandbox.AddServices(services);
    }

    public void AddAdapter<TAdapter>()
        where TAdapter : class, IVendorAdapter =>
        services.AddKeyedScoped<IVendorAdapter, TAdapter>(Key.Value);

    /// A Refit client through IHttpClientFactory: base address from the vendor's connection (real API or
    /// simulator), one resilience handler (GET only, never a 429), then budget/auth, then the wire.
    public IHttpClientBuilder AddClient<TApi>(JsonSerializerOptions vendorJson)
        where TApi : class
    {
        var key = Key;
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(vendorJson));
        var client = services.AddRefitGeneratedClient<TApi>(settings, ClientName(key))
            .ConfigureHttpClient((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<VendorCatalog>().Connection(key).BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler owns timeouts
            });
        client.AddResilienceHandler("vendor", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<VendorCatalog>().Options(key);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                // Creating an interview twice is worse than failing once: only idempotent reads retry.
                ShouldHandle = args => ValueTask.FromResult(
                    IsIdempotent(args.Outcome.Result?.RequestMessage ?? null, args.Context)
                        && IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(options.Timeout);
        });
        client.AddHttpMessageHandler(sp => new VendorGateHandler(
            key, sp.GetRequiredService<VendorCatalog>(), sp.GetRequiredService<IVendorBudget>(),
            sp.GetRequiredService<Infrastructure.Observability.GatewayMetrics>(),
            sp.GetRequiredService<TimeProvider>()));
        client.AddHttpMessageHandler<SandboxLoopbackHandler>();
        return client;
    }

    public static string ClientName(VendorKey key) => $"vendor:{key.Value}";

    private static bool IsIdempotent(HttpRequestMessage? request, ResilienceContext context) =>
        (request ?? context.GetRequestMessage())?.Method == HttpMethod.Get;

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => false, // the budget's pause owns 429s
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };
}
