using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace InterviewGateway.Tests.Inbound;

/// Issue 17: a Redis failover is expected and transient. The follow-up loop says so once, as a Warning
/// with the reason, and logs an Error only when storage stays unavailable past StorageOutage.ErrorAfter;
/// it used to log an Error for every failed step while a cluster failed over.
public sealed class FollowUpOutageLoggingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_thirty_second_failover_logs_one_warning_and_no_error()
    {
        var logger = await RunAsync(failFor: TimeSpan.FromSeconds(30), steps: 12);

        var logged = logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        Assert.Equal(LogLevel.Warning, Assert.Single(logged).Level);
        Assert.Contains("storage (Redis) unavailable (RedisConnectionException", logged[0].Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_that_lasts_past_the_bound_logs_an_error_once_a_minute()
    {
        var logger = await RunAsync(failFor: TimeSpan.FromMinutes(3), steps: 40);

        var logged = logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        // Failing from 5 s to 180 s of the run: a Warning at once, Errors at 65 s and 125 s.
        Assert.Equal([LogLevel.Warning, LogLevel.Error, LogLevel.Error], logged.Select(r => r.Level));
    }

    [Fact]
    public async Task Any_other_failure_is_an_error_every_time()
    {
        var logger = await RunAsync(failFor: TimeSpan.FromSeconds(10), steps: 4,
            fault: () => new InvalidOperationException("a bug"));

        Assert.Equal([LogLevel.Error, LogLevel.Error],
            logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Level));
    }

    [Fact]
    public void A_successful_step_ends_the_outage_so_the_next_one_starts_with_a_warning_again()
    {
        var time = new FakeTimeProvider();
        var outage = new StorageOutage(time);
        var fault = new RedisTimeoutException("timeout", CommandStatus.Sent);

        Assert.Equal(StepFailureKind.OutageStarted, outage.Failed(fault).Kind);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(StepFailureKind.Quiet, outage.Failed(fault).Kind);
        outage.Succeeded();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(StepFailureKind.OutageStarted, outage.Failed(fault).Kind); // not 61 s of one outage
        time.Advance(StorageOutage.ErrorAfter);
        Assert.Equal((StepFailureKind.OutagePersists, StorageOutage.ErrorAfter), outage.Failed(fault) is var f
            ? (f.Kind, f.For) : default);
    }

    /// Runs the dispatcher's loop for `steps` leases, `Step` of simulated time apart; leasing fails for
    /// the first `failFor` (a Redis failover), then succeeds with nothing due.
    private static async Task<FakeLogger<FollowUpDispatcher>> RunAsync(TimeSpan failFor, int steps,
        Func<Exception>? fault = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var logger = new FakeLogger<FollowUpDispatcher>();
        using var signal = new FollowUpSignal();
        using var stop = new CancellationTokenSource();
        var queue = new FailingQueue(time, time.GetUtcNow() + failFor, steps, signal, stop,
            fault ?? (() => new RedisConnectionException(ConnectionFailureType.SocketFailure, "No connection")));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var dispatcher = new FollowUpDispatcher(queue, services.GetRequiredService<IServiceScopeFactory>(), signal,
            new DeliveryKit.Monitor<InboundOptions>(new InboundOptions()), time, logger);

        await dispatcher.RunAsync(stop.Token);
        Assert.Equal(steps, queue.Leases);
        return logger;
    }

    private sealed class FailingQueue(FakeTimeProvider time, DateTimeOffset healthyAt, int steps,
        FollowUpSignal signal, CancellationTokenSource stop, Func<Exception> fault) : LeaseOnlyQueue
    {
        public int Leases { get; private set; }

        public override Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease,
            CancellationToken cancellationToken)
        {
            var failing = time.GetUtcNow() < healthyAt;
            time.Advance(Step);
            signal.Set(); // the loop goes on at once instead of waiting out its back-off
            if (++Leases == steps)
            {
                stop.Cancel();
            }

            return failing ? throw fault() : Task.FromResult<IReadOnlyList<PendingFollowUp>>([]);
        }
    }
}
