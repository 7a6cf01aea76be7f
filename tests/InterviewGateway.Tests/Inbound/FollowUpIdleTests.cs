using InterviewGateway.Inbound;
using InterviewGateway.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Inbound;

/// Issue 20, idle costs nothing: with nothing due the follow-up loop leases (one script per partition on
/// Redis) once per `Inbound:IdleInterval`, not every half second, and a webhook this instance accepted
/// still wakes it at once.
public sealed class FollowUpIdleTests
{
    [Fact]
    public async Task With_nothing_due_it_leases_once_per_idle_interval_and_at_once_when_woken()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var options = new InboundOptions();
        using var signal = new FollowUpSignal();
        var queue = new RecordingQueue(time);
        await using var services = new ServiceCollection().BuildServiceProvider();
        var dispatcher = new FollowUpDispatcher(queue, services.GetRequiredService<IServiceScopeFactory>(), signal,
            new DeliveryKit.Monitor<InboundOptions>(options), time, NullLogger<FollowUpDispatcher>.Instance);
        using var stop = new CancellationTokenSource();
        var run = dispatcher.RunAsync(stop.Token);

        // Simulated time in quarter seconds, each step given a moment of real time to run the loop.
        for (var i = 0; i < 400 && queue.Leases.Count < 4; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        var woken = time.GetUtcNow();
        signal.Set();
        for (var i = 0; i < 400 && queue.Leases.Count < 5; i++)
        {
            await Task.Delay(5); // real time only: the simulated clock stands still
        }

        await stop.CancelAsync();
        await run;
        var leases = queue.Leases.ToList();
        Assert.True(leases.Count >= 5, $"{leases.Count} leases");
        var gaps = leases.Zip(leases.Skip(1), (a, b) => b - a).Take(3).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, options.IdleInterval, options.IdleInterval * 1.5));
        Assert.Equal(woken, leases[4]);
    }

    private sealed class RecordingQueue(TimeProvider time) : LeaseOnlyQueue
    {
        private readonly List<DateTimeOffset> _leases = [];

        public IReadOnlyList<DateTimeOffset> Leases
        {
            get
            {
                lock (_leases)
                {
                    return [.. _leases];
                }
            }
        }

        public override Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease,
            CancellationToken cancellationToken)
        {
            lock (_leases)
            {
                _leases.Add(time.GetUtcNow());
            }

            return Task.FromResult<IReadOnlyList<PendingFollowUp>>([]);
        }
    }
}
