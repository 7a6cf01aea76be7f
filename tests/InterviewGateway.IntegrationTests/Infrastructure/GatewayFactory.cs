using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using InterviewGateway.Delivery;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Interviews;
using InterviewGateway.Sandbox;
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
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Hindsight.Simulator;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// The one host of the integration assembly (Hangfire keeps static state, so several hosts in one
/// process interfere): real Redis, sandbox simulators reached over HTTP through the real Refit clients.
public sealed partial class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AllKey = "igw_test_all_scopes_key_0001";
    public const string ReadKey = "igw_test_read_only_key_0002";
    public const string WriteKey = "igw_test_write_only_key_0003";
    public const string LimitedKey = "igw_test_rate_limited_key_0004";

    /// The one study userjourneys reconciliation lists; other tests use their own study ids.
    public const string UserJourneysStudyId = "e5f6a7b8-1234-56cd-ef78-222222222222";

    /// `Delivery:IdleInterval` and `Inbound:IdleInterval` of the shared host.
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(2);

    private bool? _allowPrivateNetworks;
    private Action<InboundOptions>? _inbound;
    private string? _testClass;

    public RedisServerFixture Redis { get; } = new();

    public string KeyPrefix { get; } = $"igw-test-{Guid.NewGuid():N}:";

    public LogCapture Logs { get; } = new();

    public ScriptedVendor Vendor { get; } = new();

    /// Faults injected into the host's interview store (armed by a test, off otherwise).
    public StoreFaults StoreFaults { get; } = new();

    internal HindsightSimulator Simulator => Services.GetRequiredService<HindsightSimulator>();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        _ = Server; // start the host now, so the first test does not pay for it inside its own timing
        // Testing is not Development: the enabled sandbox warns once at startup, on purpose, and nothing else
        // does (but Data Protection, whose key ring has no certificate here, warns that keys are unencrypted).
        var warnings = Logs.Entries.Where(e => e.Level >= LogLevel.Warning
            && !e.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 1 && warnings[0].EventId.Id == SandboxStartup.OutsideDevelopmentEventId,
            "Startup logged:\n" + string.Join("\n", warnings.Select(e => $"[{e.Level}] {e.Category}: {e.Message}")));
        Logs.Clear();
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

    /// What every test starts from on the shared host: the sandbox Hindsight and an empty log. The first
    /// test of each class (told apart by its file) also isolates the class from the ones that ran before
    /// it (see `IsolateFromEarlierClassesAsync`), so their retries and deliveries cannot log into its checks.
    public void ResetForTest([CallerFilePath] string testClass = "")
    {
        if (testClass != _testClass)
        {
            _testClass = testClass;
            // Test constructors are synchronous; run the isolation off xunit's synchronization context.
            Task.Run(IsolateFromEarlierClassesAsync).GetAwaiter().GetResult();
        }

        UseScriptedVendor(false);
        Logs.Clear();
    }

    /// Switches the shared host's Hindsight connection between the sandbox simulator and the scripted server.
    public void UseScriptedVendor(bool active)
    {
        Vendor.Reset();
        Vendor.Active = active;
        Services.GetRequiredService<IOptionsMonitorCache<VendorOptions>>().TryRemove(HindsightVendor.VendorKey.Value);
    }

    /// Overrides Webhooks:AllowPrivateNetworks (true for the shared host) at runtime; null restores the
    /// configured value. The delivery client reads the option on every connect, so this takes effect at once.
    public void AllowPrivateNetworks(bool? allowed)
    {
        _allowPrivateNetworks = allowed;
        Services.GetRequiredService<IOptionsMonitorCache<WebhookOptions>>().TryRemove(Options.DefaultName);
    }

    /// Overrides `Inbound:*` options at runtime (durability, rate limit); null restores the configured ones.
    internal void ConfigureInbound(Action<InboundOptions>? configure)
    {
        _inbound = configure;
        Services.GetRequiredService<IOptionsMonitorCache<InboundOptions>>().TryRemove(Options.DefaultName);
    }

    /// A vendor 429 pauses that vendor's budget; tests that provoke one lift the pause afterwards.
    public Task ClearVendorPauseAsync() =>
        Redis.Connection.GetDatabase()
            .KeyDeleteAsync(new RedisKeys(KeyPrefix).VendorPause(HindsightVendor.VendorKey.Value));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Development validates scopes; so do the tests, or a captive dependency only shows at `dotnet run`.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseSetting("ConnectionStrings:Redis", Redis.ConnectionString);
        builder.UseSetting("Redis:KeyPrefix", KeyPrefix);
        AddKey(builder, "all", AllKey, "interviews:read", "interviews:write", "subscriptions:manage");
        AddKey(builder, "reader", ReadKey, "interviews:read");
        AddKey(builder, "writer", WriteKey, "interviews:write");
        AddKey(builder, "limited", LimitedKey, "interviews:read");
        // Suites make hundreds of calls a second with one key; only the limited key is rate-limited.
        builder.UseSetting("Gateway:RequestsPerMinutePerKey", "0");
        builder.UseSetting("Gateway:ApiKeys:limited:RequestsPerMinute", "3");
        builder.UseSetting("Sandbox:Enabled", "true");
        builder.UseSetting("Sandbox:Hindsight:RequestsPerMinute", "600");
        builder.UseSetting("Vendors:Hindsight:RequestsPerMinute", "600");
        // The resilience pipeline reads the timeout once; 3 s is ample for the in-process simulator and
        // keeps the scripted timeout test short.
        builder.UseSetting("Vendors:Hindsight:Timeout", "00:00:03");
        // Deliveries retry within seconds, and Hangfire looks for due retries every second.
        builder.UseSetting("Delivery:RetrySchedule:0", "00:00:01");
        builder.UseSetting("Delivery:RetrySchedule:1", "00:00:01");
        builder.UseSetting("Delivery:RetrySchedule:2", "00:00:01");
        builder.UseSetting("Hangfire:SchedulePollingInterval", "00:00:01");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Webhooks:AllowInsecureUrls", "true");
        builder.UseSetting("Vendors:UserJourneys:RequestsPerMinute", "600");
        builder.UseSetting("Vendors:UserJourneys:StudyIds:0", UserJourneysStudyId);
        // Tests complete userjourneys interviews themselves; the simulator's own timer stays out of the way.
        builder.UseSetting("Sandbox:UserJourneys:CompletionDelay", "01:00:00");
        // The outbox sweep picks up what a commit did not relay within about a second.
        builder.UseSetting("Events:OutboxInterval", "00:00:00.500");
        builder.UseSetting("Events:OutboxGrace", "00:00:01");
        builder.UseSetting("Operations:ClaimInterval", "00:00:00.500");
        builder.UseSetting("Hangfire:RecurringJobCheck", "00:00:01");
        // A failed webhook follow-up is tried again within a second, not after the production 5 s.
        builder.UseSetting("Inbound:FirstRetryDelay", "00:00:00.300");
        // Idle loops look again every 2 s (production: 5 s), so retries come due promptly and IdleCostTests
        // can tell one read per partition per interval from the half-second loops this replaced.
        builder.UseSetting("Delivery:IdleInterval", IdleInterval.ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting("Inbound:IdleInterval", IdleInterval.ToString("c", CultureInfo.InvariantCulture));

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new VendorRoutingFilter(this));
            var store = services.Last(d => d.ServiceType == typeof(IInterviewStore));
            services.Remove(store);
            services.AddSingleton(store.ImplementationType!);
            services.AddSingleton<IInterviewStore>(sp =>
                new FaultyInterviewStore((IInterviewStore)sp.GetRequiredService(store.ImplementationType!),
                    StoreFaults));
            services.PostConfigure<InboundOptions>(options => _inbound?.Invoke(options));
            services.PostConfigure<WebhookOptions>(options =>
            {
                if (_allowPrivateNetworks is { } allowed)
                {
                    options.AllowPrivateNetworks = allowed;
                }
            });
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
            builder.PrimaryHandler = builder.Name switch
            {
                // Vendor clients and the simulators' webhook callbacks go to the test server or the scripted vendor.
                { } name when name.StartsWith("vendor:", StringComparison.Ordinal)
                    || name == SandboxCallbacks.ClientName => new VendorRouter(factory),
                // Deliveries go over real sockets to the tests' loopback subscribers.
                WebhookSender.HttpClientName => builder.PrimaryHandler,
                _ => new UnexpectedOutboundHandler(builder.Name),
            };
        };
    }

    private sealed class VendorRouter(GatewayFactory factory) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
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

            throw new InvalidOperationException(
                $"Unexpected outbound vendor call: {request.Method} {request.RequestUri}");
        }
    }

    private sealed class UnexpectedOutboundHandler(string? clientName) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken) =>
                throw new InvalidOperationException(
                    $"Unexpected outbound call from client '{clientName}': {request.Method} {request.RequestUri}");
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}
