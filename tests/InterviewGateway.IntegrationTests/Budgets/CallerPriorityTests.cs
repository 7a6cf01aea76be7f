using System.Diagnostics.Metrics;
using System.Net;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.IntegrationTests.Budgets;

/// Callers first, in simulated time: the production PollDispatcher saturates a vendor budget through
/// the real VendorGateHandler, while a caller sends one request at a time at half the budget's rate.
/// Every caller request must get its token on the first try (no budget wait, never 503).
public abstract class CallerPriorityContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    internal abstract IBudgetStore CreateStore();

    [Theory]
    [InlineData(10, 0)]          // minute-bound
    [InlineData(10, 10_000)]     // Hindsight: month-bound, after the month's burst is spent
    public async Task Lone_callers_at_half_the_rate_never_wait_behind_saturating_polls(int perMinute, int perMonth)
    {
        var time = new FakeTimeProvider(T0);
        var vendor = new VendorKey("v" + Guid.NewGuid().ToString("N")[..12], "Prio", "Prio");
        var options = Monitor(new ConfigureNamedOptions<VendorOptions>(vendor.Value, o =>
        {
            o.BaseUrl = "https://vendor.invalid/";
            o.ApiKey = "test-key";
            o.RequestsPerMinute = perMinute;
            o.RequestsPerMonth = perMonth;
        }));
        var capabilities = new VendorCapabilities(
            Create: true, new HashSet<string>(), List: false, Webhooks: false, Polling: true);
        var catalog = new VendorCatalog(
            [new VendorDescriptor(vendor, capabilities)], options, Options.Create(new SandboxOptions()));
        var store = new RecordingStore(CreateStore());
        var budget = new VendorBudget(store, catalog, time);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new GatewayMetrics(services.GetRequiredService<IMeterFactory>());
        var gate = new VendorGateHandler(vendor, catalog, budget, metrics, time) { InnerHandler = new Created() };
        using var client = new HttpClient(gate)
        {
            BaseAddress = new Uri("https://vendor.invalid/"),
        };
        var queue = new InMemoryPollQueue();
        for (var i = 0; i < 1_000; i++) // more than the run can poll: every poll is due
        {
            await queue.ScheduleAsync(vendor.Value, $"i{i:D3}", T0, T0, default);
        }

        var polling = Monitor<PollingOptions>(new ConfigureOptions<PollingOptions>(_ => { }));
        var dispatcher = new PollDispatcher(queue, budget, catalog, new PollThrough(client), polling, time);

        // Polls alone until the binding window runs at its sustained rate (for the month: its burst is spent).
        var windows = BudgetWindow.For(catalog.Options(vendor));
        var warmUp = perMonth > 0 ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(2);
        await RunPollsUntilAsync(dispatcher, vendor, time, T0 + warmUp);
        var spacing = TimeSpan.FromMilliseconds(2 * windows.Max(w => w.IntervalMs));
        var pollsBefore = store.Taken(BudgetPriority.Poll);
        for (var caller = 0; caller < 6; caller++)
        {
            using var response = await client.PostAsync("interviews", null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            await RunPollsUntilAsync(dispatcher, vendor, time, time.GetUtcNow() + spacing);
        }

        var callers = store.Attempts.Where(a => a.Priority == BudgetPriority.Interactive).ToList();
        Assert.Equal(6, callers.Count); // each caller asked once: no wait, no retry
        Assert.All(callers, a => Assert.True(a.Taken));
        Assert.True(store.Taken(BudgetPriority.Poll) - pollsBefore >= 5, "polls kept spending alongside the callers");
    }

    private static async Task RunPollsUntilAsync(
        PollDispatcher dispatcher, VendorKey vendor, FakeTimeProvider time, DateTimeOffset until)
    {
        while (time.GetUtcNow() < until)
        {
            var wait = await dispatcher.StepAsync(vendor, default);
            if (wait > TimeSpan.Zero)
            {
                time.Advance(wait < until - time.GetUtcNow() ? wait : until - time.GetUtcNow());
            }
        }
    }

    private static OptionsMonitor<T> Monitor<T>(IConfigureOptions<T> configure)
        where T : class =>
        new(new OptionsFactory<T>([configure], []), [], new OptionsCache<T>());

    /// A poll reads the interview through the gate, spending the token the dispatcher prepaid.
    private sealed class PollThrough(HttpClient client) : IPollTarget
    {
        public async Task<PollOutcome> PollAsync(
            VendorKey vendor,
            string interviewId,
            Func<DateTimeOffset, DateTimeOffset> nextCheck,
            CancellationToken cancellationToken)
        {
            using var _ = BudgetScope.Enter(BudgetPriority.Poll);
            using var response = await client.GetAsync($"interviews/{interviewId}", cancellationToken);
            return new PollOutcome(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        }
    }

    private sealed class Created : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created));
    }

    private sealed class RecordingStore(IBudgetStore inner) : IBudgetStore
    {
        public List<(BudgetPriority Priority, bool Taken)> Attempts { get; } = [];

        public int Taken(BudgetPriority priority) => Attempts.Count(a => a.Priority == priority && a.Taken);

        public async Task<BudgetAttempt> TryTakeAsync(
            string vendor,
            IReadOnlyList<BudgetWindow> windows,
            BudgetPriority priority,
            DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            var attempt = await inner.TryTakeAsync(vendor, windows, priority, now, cancellationToken);
            Attempts.Add((priority, attempt.Taken));
            // A caller told to wait would sleep on the fake clock forever: fail at once instead.
            Assert.True(
                attempt.Taken || priority != BudgetPriority.Interactive, $"a caller was told to wait {attempt.Wait}");
            return attempt;
        }

        public Task PauseUntilAsync(
            string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.PauseUntilAsync(vendor, until, now, cancellationToken);

        public Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.GetUseAsync(vendor, now, cancellationToken);

        public Task<UseHistory> GetHistoryAsync(string vendor, DateTimeOffset now,
            CancellationToken cancellationToken) => inner.GetHistoryAsync(vendor, now, cancellationToken);
    }
}

public sealed class InMemoryCallerPriorityTests : CallerPriorityContract
{
    internal override IBudgetStore CreateStore() => new InMemoryBudgetStore();
}

public sealed class RedisCallerPriorityTests(RedisServerFixture redis)
    : CallerPriorityContract, IClassFixture<RedisServerFixture>
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), BudgetClock.Caller);
}
