using InterviewGateway.Inbound;
using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Simulation;

/// The background work of every instance, at simulated times: what Hangfire's server and the hosted
/// services run on wall time in production.
internal sealed partial class SimulationRun
{
    /// The delivery dispatcher's idle pass on each instance, staggered (production: 100 ms; every queued
    /// delivery also wakes one instance at once, so only due retries wait for this).
    private static readonly TimeSpan DispatchIdle = TimeSpan.FromMinutes(15);

    /// The follow-up pump also runs at once after every accepted webhook; this only catches expired leases.
    private static readonly TimeSpan PumpIdle = TimeSpan.FromMinutes(30);

    /// The longest `Events:OutboxInterval` the gateway accepts (nothing in a run leaves the outbox behind).
    private static readonly TimeSpan OutboxInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan EvictionInterval = TimeSpan.FromMinutes(30);

    /// The longest an idle poll dispatcher sleeps; a newly tracked interview wakes it (PollSoon).
    private static readonly TimeSpan PollIdle = TimeSpan.FromHours(1);

    /// How many passes one wake-up may run at one instant (a loop that always reports progress is a bug).
    private const int MaxPassesPerWake = 1000;

    private readonly HashSet<int> _dispatchWoken = [];
    private readonly List<FollowUpDispatcher> _pumps = [];
    private readonly Dictionary<(int Instance, VendorKey Vendor), (DateTimeOffset At, long Generation)> _polls = [];
    private int _nextWake;
    private int _nextRecurring;

    private void ScheduleLoops()
    {
        var scheduler = _context.Scheduler;
        var stagger = DispatchIdle / Math.Max(1, _instances.Count);
        for (var i = 0; i < _instances.Count; i++)
        {
            var instance = i;
            Every(stagger * i, DispatchIdle, $"gw{i} dispatcher", () => DispatchAsync(instance));
            Every(TimeSpan.FromSeconds(7 * i), PumpIdle, $"gw{i} follow-up pump", () => PumpAsync(instance));
            Every(TimeSpan.FromSeconds(11 * i), OutboxInterval, $"gw{i} outbox sweep", () =>
                _instances[instance].Services.GetRequiredService<OutboxSweep>().RunAsync(CancellationToken.None));
            foreach (var vendor in _instances[i].Services.GetRequiredService<VendorCatalog>().All
                .Where(v => v.Capabilities.Polling))
            {
                SchedulePoll(instance, vendor.Key, TimeSpan.FromSeconds(3 * i), 0);
            }
        }

        Every(TimeSpan.Zero, EvictionInterval, "eviction", () =>
        {
            foreach (var store in Vendors.Services.GetServices<IEvictable>())
            {
                store.EvictExpired(_context.Clock.GetUtcNow());
            }

            return Task.CompletedTask;
        });
        foreach (var (id, (job, cron)) in _context.Recurring)
        {
            ScheduleRecurring(id, job, Cron.Parse(cron));
        }

        Vendors.Services.GetRequiredService<IDeliveryQueue>().Enqueued += WakeDispatcher;
    }

    private void Every(TimeSpan first, TimeSpan interval, string label, Func<Task> pass)
    {
        async Task RunAsync()
        {
            try
            {
                await pass();
            }
            finally
            {
                _context.Scheduler.After(interval, label, RunAsync);
            }
        }

        _context.Scheduler.After(first, label, RunAsync);
    }

    private void ScheduleRecurring(string id, Hangfire.Common.Job job, Cron cron)
    {
        var next = cron.Next(_context.Clock.GetUtcNow());
        _context.Scheduler.At(next, $"recurring {id}", async () =>
        {
            // Hangfire runs a recurring job once per occurrence, on whichever instance takes it.
            var instance = _nextRecurring++ % _instances.Count;
            try
            {
                await SimJobs.RunAsync(job, _instances[instance].Services, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Hangfire marks the occurrence failed (these jobs retry 0 times) and runs the next one.
                _context.Checker.OnFailedJob($"gw{instance} {id}", ex);
            }
            finally
            {
                ScheduleRecurring(id, job, cron);
            }
        });
    }

    private void WakeDispatcher()
    {
        var instance = _nextWake++ % _instances.Count;
        lock (_dispatchWoken)
        {
            if (!_dispatchWoken.Add(instance))
            {
                return;
            }
        }

        _context.Scheduler.After(TimeSpan.Zero, $"gw{instance} dispatcher (woken)", () => DispatchAsync(instance));
    }

    private async Task DispatchAsync(int instance)
    {
        lock (_dispatchWoken)
        {
            _dispatchWoken.Remove(instance);
        }

        var dispatcher = _instances[instance].Services.GetRequiredService<DeliveryDispatcher>();
        for (var pass = 0; pass < MaxPassesPerWake && await dispatcher.StepToCompletionAsync(CancellationToken.None);
            pass++)
        {
            // every pass that read or started something may leave more to do
        }
    }

    private async Task PumpAsync(int instance)
    {
        var pump = _pumps[instance];
        for (var pass = 0;
             pass < MaxPassesPerWake && await pump.StepAsync(CancellationToken.None) == TimeSpan.Zero; pass++)
        {
            // a full batch may have more behind it
        }
    }

    /// Every poll dispatcher steps again within `delay` (a newly tracked interview is due after the first
    /// cadence tier, which may come before an idle dispatcher would wake up by itself).
    private void PollSoon(TimeSpan delay)
    {
        foreach (var ((instance, vendor), (at, _)) in _polls.ToList())
        {
            if (at > _context.Clock.GetUtcNow() + delay)
            {
                SchedulePoll(instance, vendor, delay, 0);
            }
        }
    }

    /// One chain of steps per (instance, vendor): scheduling again supersedes the pending step.
    private void SchedulePoll(int instance, VendorKey vendor, TimeSpan delay, int passesNow)
    {
        var key = (instance, vendor);
        var generation = _polls.GetValueOrDefault(key).Generation + 1;
        _polls[key] = (_context.Clock.GetUtcNow() + delay, generation);
        _context.Scheduler.After(delay, $"gw{instance} poll {vendor.Value}", async () =>
        {
            if (_polls[key].Generation == generation)
            {
                await PollAsync(instance, vendor, passesNow);
            }
        });
    }

    private async Task PollAsync(int instance, VendorKey vendor, int passesNow)
    {
        var wait = TimeSpan.Zero;
        try
        {
            wait = await _instances[instance].Services.GetRequiredService<PollDispatcher>()
                .StepAsync(vendor, CancellationToken.None);
        }
        finally
        {
            // A step that found nothing to lease but something due keeps asking at once; never forever.
            var again = wait == TimeSpan.Zero && passesNow < MaxPassesPerWake;
            SchedulePoll(instance, vendor, again ? TimeSpan.Zero
                : wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait,
                again ? passesNow + 1 : 0);
        }
    }
}
