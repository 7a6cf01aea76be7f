using InterviewGateway.Inbound;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.Operations;
using InterviewGateway.Timeline;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.Hindsight.Simulator;
using InterviewGateway.Vendors.InstaView.Simulator;
using InterviewGateway.Vendors.UserJourneys.Simulator;
using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Simulation;

/// One run: a vendor host (the three simulators, and the shared in-memory stores, whose clock is the
/// virtual clock: "Redis's clock") and `Instances` gateway instances, each with its own clock offset and
/// all of the gateway's registrations, driven by the scheduler over `Days` simulated days.
internal sealed partial class SimulationRun : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string ApiKey = "igw_sim_all_scopes_key_0001";
    private const string StudyId = "e5f6a7b8-1234-56cd-ef78-222222222222";

    /// The state every instance shares (one Redis in production): served from the vendor host.
    private static readonly Type[] SharedState =
    [
        typeof(IInterviewStore), typeof(IEventStore), typeof(IKeyValueStore), typeof(IBudgetStore),
        typeof(IPollQueue), typeof(IFollowUpQueue), typeof(ISubscriptionStore), typeof(IDeliverySlots),
        typeof(IIdempotencyStore), typeof(IDeliveryQueue), typeof(ICompletionStats), typeof(ICallerRateStore),
        typeof(IInboundWebhookLog), typeof(IInterviewTimeline), typeof(IOperationStore),
        typeof(IDataProtectionProvider), typeof(SandboxCredentials), typeof(ISharedClock),
    ];

    private readonly SimulationContext _context;
    private readonly SimLogs _logs = new();
    private readonly SimSettings _settings;
    private readonly List<GatewayHost> _instances = [];
    private readonly List<HttpClient> _api = [];
    private GatewayHost? _vendors;
    private VendorWire? _vendorWire;

    private SimulationRun(SimulationContext context)
    {
        _context = context;
        _settings = new SimSettings(Settings());
    }

    private GatewayHost Vendors => _vendors ?? throw new InvalidOperationException("not started");

    public static async Task<SimulationResult> RunAsync(SimulationOptions options, IReadOnlyList<Actor> workload)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var context = new SimulationContext(options, Start);
        await using var run = new SimulationRun(context);
        await run.StartRedisAsync();
        await run.StartHostsAsync();
        var actors = workload.Where(a => options.Only?.Contains(a.Id) ?? true).ToList();
        run.ScheduleLoops();
        run.ScheduleCrashes();
        run.ScheduleActors(actors);
        var end = Start + TimeSpan.FromDays(options.Days);
        for (var day = 1; day <= options.Days; day++)
        {
            await context.Scheduler.RunUntilAsync(Start + TimeSpan.FromDays(day), (label, ex) =>
                context.Checker.Fail(Invariants.StepsSucceed, $"{label} threw {ex.GetType().Name}: {
                    ex.Message.Split('\n')[0]}", []));
            context.Checker.SampleEntries(day,
                run._redis is null ? run.CountEntries() : await run.CountRedisKeysAsync());
            if (options.Progress is { } progress && day % 25 == 0)
            {
                progress.WriteLine($"  day {day}: {context.Scheduler.Steps:N0} steps, "
                    + $"{wall.Elapsed.TotalSeconds:F0} s, {context.Checker.Violations.Count} violations");
            }
            if ((options.StopAtFirstViolation && context.Checker.Violations.Count > 0)
                || wall.Elapsed > options.WallBudget)
            {
                break;
            }
        }

        run.FinishChecks(actors.OfType<SubscriptionActor>().ToList(), actors.OfType<LimitChangeActor>().ToList(),
            context.Clock.GetUtcNow() < end ? context.Clock.GetUtcNow() : end);
        return new SimulationResult(options, context.Checker, context.TraceLines, context.Scheduler.Steps,
            wall.Elapsed, run._logs.Summary(), context.Scheduler.Profile);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            // The workload completes interviews itself; the simulators' own timers stay out of the way.
            ["Sandbox:Hindsight:CompletionDelay"] = "30.00:00:00",
            ["Sandbox:UserJourneys:CompletionDelay"] = "30.00:00:00",
            ["Sandbox:InstaView:CompletionDelay"] = "30.00:00:00",
            ["Vendors:UserJourneys:StudyIds:0"] = StudyId,
            ["Gateway:ApiKeys:sim:Key"] = ApiKey,
            ["Gateway:RequestsPerMinutePerKey"] = "0",
            ["Webhooks:AllowInsecureUrls"] = "true",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Events:OutboxInterval"] = OutboxInterval.ToString(),
            // Idle polling sleeps up to PollIdle of simulated time instead of a second, as in the benchmark.
            ["Polling:IdleInterval"] = PollIdle.ToString(),
            ["Inbound:Concurrency"] = "1", // one follow-up at a time: the run stays deterministic
        };
        for (var i = 0; i < Scopes.All.Length; i++)
        {
            settings[$"Gateway:ApiKeys:sim:Scopes:{i}"] = Scopes.All[i];
        }

        return settings;
    }

    private async Task StartHostsAsync()
    {
        var clock = _context.Clock;
        var wiring = new Wiring(() => _vendorWire ??= new VendorWire(Vendors.Services),
            _context.Checker.OnVendorRequest, ReceiveVendorWebhookAsync, AnswerDeliveryAsync, clock);
        _vendors = await GatewayHost.StartAsync("vendors", clock, _settings, _logs, services =>
        {
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(wiring);
            GatewayHost.UseJobs(services, sp => new SimJobs(_context, () => sp, "vendors"));
            Decorate<IInterviewStore>(services, (sp, inner) => new ObservedInterviewStore(inner, _context));
            Decorate<ISubscriptionStore>(services, (sp, inner) => new ObservedSubscriptionStore(inner, _context));
        });
        await Vendors.Services.GetRequiredService<SandboxCredentials>().LoadAsync(CancellationToken.None);
        // The checker sees every vendor request (Wiring); the simulators' own logs would keep them all for years.
        Vendors.Services.GetRequiredService<HindsightSimulator>().Requests.Recording = false;
        Vendors.Services.GetRequiredService<InstaViewSimulator>().Requests.Recording = false;
        Vendors.Services.GetRequiredService<UserJourneysSimulator>().Requests.Recording = false;

        for (var i = 0; i < _context.Options.Instances; i++)
        {
            var offset = TimeSpan.FromMilliseconds(
                (_context.Random.NextDouble() * 2 - 1) * SimulationOptions.MaxOffset.TotalMilliseconds);
            var name = $"gw{i}";
            _context.Trace($"{name} starts with clock offset {offset.TotalSeconds:+0.000;-0.000} s");
            var host = await GatewayHost.StartAsync(name, new OffsetClock(clock, offset), _settings, _logs,
                services =>
                {
                    services.AddSingleton<IHttpMessageHandlerBuilderFilter>(wiring);
                    Share(services);
                    GatewayHost.UseJobs(services, sp => new SimJobs(_context, () => sp, name));
                });
            host.Services.GetRequiredService<DeliveryDispatcher>().LaneOrder = new Random(_context.Random.Next());
            host.Services.GetRequiredService<DeliveryService>().Jitter = SimJitter.For(_context);
            _pumps.Add(host.Services.GetRequiredService<FollowUpDispatcher>());
            _instances.Add(host);
            _api.Add(host.CreateClient(ApiKey));
        }

        foreach (var source in _instances[0].Services.GetServices<IRecurringJobSource>())
        {
            foreach (var definition in source.Jobs)
            {
                definition.Register(_instances[0].Services.GetRequiredService<SimJobs>());
            }
        }
    }

    /// Points an instance's state at the vendor host's stores, so every instance sees one state.
    private void Share(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => SharedState.Contains(d.ServiceType)
            || d.ServiceType == typeof(IEvictable)
            || d.ServiceType.Name.StartsWith("InMemory", StringComparison.Ordinal))
            .ToList())
        {
            services.Remove(descriptor);
        }

        foreach (var type in SharedState)
        {
            services.AddSingleton(type, _ => Vendors.Services.GetRequiredService(type));
        }
    }

    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> decorate)
        where T : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(inner);
        services.AddSingleton(sp => decorate(sp, inner.ImplementationFactory is { } factory ? (T)factory(sp)
            : (T)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)));
    }

    /// Entries per shared store (the in-memory analogue of Redis's key count).
    private Dictionary<string, long> CountEntries() =>
        SharedState.Where(t => t != typeof(IDataProtectionProvider) && t != typeof(SandboxCredentials)
                && t != typeof(ISharedClock))
            .Select(t => Vendors.Services.GetRequiredService(t)).Distinct()
            .Select(store => store is IObserved observed ? observed.Inner : store)
            .ToDictionary(store => store.GetType().Name, EntryCounter.Count);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _api)
        {
            client.Dispose();
        }

        foreach (var host in _instances)
        {
            await host.DisposeAsync();
        }

        if (_vendors is not null)
        {
            await _vendors.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
