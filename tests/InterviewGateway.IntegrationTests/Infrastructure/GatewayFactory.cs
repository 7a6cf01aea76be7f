using System.Net.Http.Headers;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Hindsight;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// The one host of the integration assembly (Hangfire keeps static state, so several hosts in one
/// process interfere): real Redis, sandbox simulators reached over HTTP through the real Refit clients.
public sealed class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AllKey = "igw_test_all_scopes_key_0001";
    public const string ReadKey = "igw_test_read_only_key_0002";
    public const string WriteKey = "igw_test_write_only_key_0003";

    public RedisServerFixture Redis { get; } = new();

    public string KeyPrefix { get; } = $"igw-test-{Guid.NewGuid():N}:";

    public LogCapture Logs { get; } = new();

    public ScriptedVendor Vendor { get; } = new();

    internal HindsightSimulator Simulator => Services.GetRequiredService<HindsightSimulator>();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        _ = Server; // start the host now, so the first test does not pay for it inside its own timing
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// Switches the shared host's Hindsight connection between the sandbox simulator and the scripted server.
    public void UseScriptedVendor(bool active)
    {
        Vendor.Reset();
        Vendor.Active = active;
        Services.GetRequiredService<IOptionsMonitorCache<VendorOptions>>().TryRemove(HindsightVendor.VendorKey.Value);
    }

    /// A vendor 429 pauses that vendor's budget; tests that provoke one lift the pause afterwards.
    public Task ClearVendorPauseAsync() =>
        Redis.Connection.GetDatabase().KeyDeleteAsync(new RedisKeys(KeyPrefix).VendorPause(HindsightVendor.VendorKey.Value));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Redis", Redis.ConnectionString);
        builder.UseSetting("Redis:KeyPrefix", KeyPrefix);
        AddKey(builder, "all", AllKey, "interviews:read", "interviews:write", "subscriptions:manage");
        AddKey(builder, "reader", ReadKey, "interviews:read");
        AddKey(builder, "writer", WriteKey, "interviews:write");
        builder.UseSetting("Sandbox:Enabled", "true");
        builder.UseSetting("Sandbox:Hindsight:RequestsPerMinute", "600");
        builder.UseSetting("Vendors:Hindsight:RequestsPerMinute", "600");
        // The resilience pipeline reads the timeout once; 3 s is ample for the in-process simulator and
        // keeps the scripted timeout test short.
        builder.UseSetting("Vendors:Hindsight:Timeout", "00:00:03");

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new VendorRoutingFilter(this));
            services.PostConfigure<VendorOptions>(HindsightVendor.VendorKey.Value, options =>
            {
                if (Vendor.Active)
                {
                    options.ApiKey = ScriptedVendor.ApiKey;
                    options.BaseUrl = ScriptedVendor.BaseUrl;
                }
            });
        });
    }

    private static void AddKey(IWebHostBuilder builder, string name, string key, params string[] scopes)
    {
        builder.UseSetting($"Gateway:ApiKeys:{name}:Key", key);
        for (var i = 0; i < scopes.Length; i++)
        {
            builder.UseSetting($"Gateway:ApiKeys:{name}:Scopes:{i}", scopes[i]);
        }
    }

    /// Fakes vendors below the Refit clients: sandbox calls go to the test server's simulators, calls to
    /// the scripted vendor's host go to it, and anything else fails the test.
    private sealed class VendorRoutingFilter(GatewayFactory factory) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            builder.PrimaryHandler = builder.Name?.StartsWith("vendor:", StringComparison.Ordinal) == true
                ? new VendorRouter(factory)
                : new UnexpectedOutboundHandler(builder.Name);
        };
    }

    private sealed class VendorRouter(GatewayFactory factory) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri?.Host;
            if (host == VendorCatalog.SandboxHost.Host)
            {
                using var invoker = new HttpMessageInvoker(factory.Server.CreateHandler(), disposeHandler: true);
                return await invoker.SendAsync(request, cancellationToken);
            }

            if (host == ScriptedVendor.Host && factory.Vendor.Active)
            {
                return await factory.Vendor.SendAsync(request, cancellationToken);
            }

            throw new InvalidOperationException($"Unexpected outbound vendor call: {request.Method} {request.RequestUri}");
        }
    }

    private sealed class UnexpectedOutboundHandler(string? clientName) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Unexpected outbound call from client '{clientName}': {request.Method} {request.RequestUri}");
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}
