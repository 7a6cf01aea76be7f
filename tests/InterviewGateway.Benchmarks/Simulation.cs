using System.Diagnostics;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Benchmarks;

internal sealed record SimulationResult(
    IReadOnlyList<SimulatedInterview> Interviews, IReadOnlyList<long> RequestTimesMs, int Steps, TimeSpan Simulated,
    TimeSpan Wall, bool CapReached);

/// Runs the production PollDispatcher, queue and GCRA budget against a simulated vendor in fake time.
internal static class Simulation
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    public static readonly VendorKey Vendor = new("benchvendor", "BenchVendor", "Bench vendor");

    public static async Task<SimulationResult> RunAsync(IReadOnlyList<SimulatedInterview> interviews,
        int requestsPerMinute, bool ageAware, TimeSpan cap, bool staggered = false)
    {
        var wall = Stopwatch.StartNew();
        var time = new FakeTimeProvider(Start);
        var (catalog, budget, pollingOptions) = Build(time, o => o.RequestsPerMinute = requestsPerMinute,
            o => o.Plan = ageAware ? PollPlanMode.AgeAware : PollPlanMode.Uniform);
        var queue = new InMemoryPollQueue();
        var vendor = new SimulatedVendor(time, interviews.ToDictionary(i => i.Id, StringComparer.Ordinal));
        var dispatcher = new PollDispatcher(queue, budget, catalog, vendor, pollingOptions, time);

        // As PollingChangeSink does for a newly tracked interview: first poll one young-tier cadence later.
        foreach (var interview in interviews)
        {
            await queue.ScheduleAsync(Vendor.Value, interview.Id,
                Start + pollingOptions.CurrentValue.EffectiveCadence[0], interview.TrackedSince, default);
        }

        if (staggered)
        {
            // The steady state instead of a backlog: each interview due somewhere within its tier's planned interval.
            var plan = await dispatcher.PlanAsync(Vendor, default);
            var random = new Random(7);
            foreach (var interview in interviews)
            {
                var interval = plan.IntervalFor(Start - interview.TrackedSince);
                await queue.ScheduleAsync(Vendor.Value, interview.Id, Start + (interval * random.NextDouble()),
                    interview.TrackedSince, default);
            }
        }

        var steps = 0;
        while (vendor.Pending > 0 && time.GetUtcNow() - Start < cap)
        {
            var wait = await dispatcher.StepAsync(Vendor, default);
            steps++;
            if (wait > TimeSpan.Zero)
            {
                time.Advance(wait);
            }
        }

        return new SimulationResult(interviews, vendor.RequestTimesMs, steps, time.GetUtcNow() - Start, wall.Elapsed,
            vendor.Pending > 0);
    }

    /// The production pieces around a dispatcher: the vendor catalog with these budgets, the GCRA budget
    /// over the in-memory store, and polling options (cadence 5 min / 15 min / 60 min).
    public static (VendorCatalog Catalog, VendorBudget Budget, IOptionsMonitor<PollingOptions> Polling) Build(
        FakeTimeProvider time, Action<VendorOptions> budgets, Action<PollingOptions> polling)
    {
        var vendorOptions = Monitor<VendorOptions>(new ConfigureNamedOptions<VendorOptions>(Vendor.Value, o =>
        {
            o.BaseUrl = "https://vendor.invalid/";
            budgets(o);
        }));
        var pollingOptions = Monitor<PollingOptions>(new ConfigureOptions<PollingOptions>(o =>
        {
            o.Cadence = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)];
            polling(o);
        }));
        var capabilities = new VendorCapabilities(
            Create: false, new HashSet<string>(), List: false, Webhooks: false, Polling: true);
        var catalog = new VendorCatalog(
            [new VendorDescriptor(Vendor, capabilities)], vendorOptions, Options.Create(new SandboxOptions()));
        return (catalog, new VendorBudget(new InMemoryBudgetStore(), catalog, time), pollingOptions);
    }

    private static OptionsMonitor<T> Monitor<T>(IConfigureOptions<T> configure)
        where T : class =>
            new(new OptionsFactory<T>([configure], []), [], new OptionsCache<T>());
}
