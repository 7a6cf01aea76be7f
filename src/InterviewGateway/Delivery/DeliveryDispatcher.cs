using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Runs deliveries on this instance, without a job per delivery: one loop reads each subscription's queue
/// while it has room (its slots, at most max_concurrency, and Delivery:Workers over all), starts the HTTP
/// attempts as tasks, moves due retries into the queues and takes over what a dead instance left. A slow
/// subscriber fills only its own lane; nobody waits behind it, and waiting creates nothing in Redis.
internal sealed partial class DeliveryDispatcher(
    IDeliveryQueue queue,
    DeliveryLanes lanes,
    DeliveryLaneMaintenance maintenance,
    SubscriptionSnapshot snapshot,
    DeliveryService deliveries,
    IOptionsMonitor<DeliveryOptions> options,
    GatewayMetrics metrics,
    ISharedClock clock,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaintenanceEvery = TimeSpan.FromSeconds(5);

    /// Every queue is read now and then, active or not: a safety net should a mark ever be missing.
    private static readonly TimeSpan ReadAllEvery = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly HashSet<Task> _running = [];
    private int _inFlight;
    private long _nextPromoteMs;
    private long _nextMaintenanceMs;
    private long _nextReadAllMs;
    private bool _failing;
    private bool _idle;

    /// This instance's consumer name in every subscription's consumer group.
    public string Consumer => lanes.Consumer;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// Which lane starts first; the deterministic simulation (tests/InterviewGateway.Simulation) seeds it.
    internal Random LaneOrder { get; set; } = Random.Shared;

    /// One pass of the loop, awaiting the attempts it started: the simulation drives each instance's
    /// dispatcher in simulated time instead of running ExecuteAsync.
    internal async Task<bool> StepToCompletionAsync(CancellationToken cancellationToken)
    {
        var progressed = await StepAsync(cancellationToken);
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
        return progressed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        queue.Enqueued += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var progressed = false;
                try
                {
                    progressed = await StepAsync(stoppingToken);
                    _failing = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Redis unreachable or a bug: log once per outage, keep trying; nothing taken is lost.
                    if (!_failing)
                    {
                        Log.StepFailed(logger, ex);
                    }

                    _failing = true;
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }

                if (!progressed)
                {
                    // Idle (no active queue, nothing in flight): wait `IdleInterval` unless woken (issue 20: an idle
                    // instance with 1,000 subscriptions issued 1,400 Redis commands a second).
                    var settings = options.CurrentValue;
                    await _wake.WaitAsync(_idle ? settings.IdleInterval : settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            queue.Enqueued -= Wake;
            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }

            // Requests in flight finish (each is bounded by Delivery:Timeout); unstarted messages stay taken
            // and are claimed by another instance, or by this one after a restart.
            await Task.WhenAll(running);
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already awake
            }
        }
    }

    private async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var settings = options.CurrentValue;
        var subscriptions = await snapshot.GetAsync(cancellationToken);
        lanes.Sync(subscriptions, nowMs);

        if (nowMs >= _nextPromoteMs)
        {
            _nextPromoteMs = nowMs + (long)settings.RetryPollInterval.TotalMilliseconds;
            // Due times are stamped on the shared clock (DeliveryService), so they are compared with it.
            var shared = await clock.GetUtcNowAsync(cancellationToken);
            while (await queue.PromoteDueAsync(shared, 1000, cancellationToken) == 1000)
            {
                // a large batch came due at once
            }
        }

        // Kept between wakes (issue 20: all partitions' sets at every step were 4 commands a webhook in a
        // burst, 38 at 200/s); a wake missed (a dropped subscription) is covered within IdleInterval.
        var active = await queue.ActiveAsync(settings.IdleInterval, cancellationToken);
        if (nowMs >= _nextMaintenanceMs)
        {
            _nextMaintenanceMs = nowMs + (long)MaintenanceEvery.TotalMilliseconds;
            await maintenance.MaintainAsync(lanes.All, subscriptions, active, Consumer, settings.ClaimAbandonedAfter,
                cancellationToken);
        }

        var readAll = nowMs >= _nextReadAllMs;
        if (readAll)
        {
            _nextReadAllMs = nowMs + (long)ReadAllEvery.TotalMilliseconds;
        }

        var read = await lanes.ReadAsync(subscriptions, readAll ? null : active, cancellationToken);
        _idle = active is not null && !active.Any(subscriptions.ContainsKey) && !lanes.All.Any(l => l.Busy);
        await lanes.ReserveAsync(subscriptions, nowMs, cancellationToken);
        var started = Start(subscriptions, settings.Workers, now, cancellationToken);
        return read > 0 || started > 0;
    }

    private int Start(IReadOnlyDictionary<string, Subscription> subscriptions, int workers, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var lane in lanes.All.OrderBy(_ => LaneOrder.Next()))
        {
            var subscription = subscriptions[lane.SubscriptionId];
            while (lane.Buffer.Count > 0 && lane.InFlight < Math.Min(lane.Held, subscription.MaxConcurrency)
                && InFlight < workers)
            {
                var message = lane.Buffer.Dequeue();
                metrics.DeliveryLag(now - message.DueAt);
                lane.Started(message);
                Interlocked.Increment(ref _inFlight);
                var task = RunAsync(lane, message, subscription, cancellationToken);
                lock (_running)
                {
                    _running.Add(task);
                }

                _ = task.ContinueWith(t =>
                {
                    lock (_running)
                    {
                        _running.Remove(t);
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                started++;
            }
        }

        return started;
    }

    private async Task RunAsync(DeliveryLane lane, DeliveryMessage message, Subscription subscription,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await deliveries.ProcessAsync(message, subscription, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Our failure (Redis, a bug): the message stays taken and is claimed again after ClaimAbandonedAfter.
            Log.DeliveryFailed(logger, message.EventId, message.SubscriptionId, message.Attempt, ex);
        }
        catch (OperationCanceledException)
        {
            // shutting down: the message stays taken and is claimed again
        }
        finally
        {
            lane.Finished(message);
            Interlocked.Decrement(ref _inFlight);
            Wake();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4010, LogLevel.Warning,
            "Delivery dispatcher step failed; retrying every second until it succeeds")]
        public static partial void StepFailed(ILogger logger, Exception exception);

        [LoggerMessage(4011, LogLevel.Warning,
            "Delivery of {EventId} to {SubscriptionId}, attempt {Attempt} failed inside the gateway; "
            + "it is claimed again later")]
        public static partial void DeliveryFailed(ILogger logger, string eventId, string subscriptionId, int attempt,
            Exception exception);

    }
}
