using System.Security.Cryptography;
using InterviewGateway.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Runs deliveries on this instance, without a job per delivery: one loop reads each subscription's queue
/// while it has room (its slots, at most max_concurrency, and Delivery:Workers over all), starts the HTTP
/// attempts as tasks, moves due retries into the queues and takes over what a dead instance left. A slow
/// subscriber fills only its own lane; nobody waits behind it, and waiting creates nothing in Redis.
internal sealed partial class DeliveryDispatcher(
    IDeliveryQueue queue,
    IDeliverySlots slots,
    SubscriptionSnapshot snapshot,
    DeliveryService deliveries,
    IOptionsMonitor<DeliveryOptions> options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaintenanceEvery = TimeSpan.FromSeconds(5);
    private const long ReserveEveryMs = 200;
    private const long ShareEveryMs = 1000;
    private const long ReleaseAfterIdleMs = 2000;

    private readonly Dictionary<string, DeliveryLane> _lanes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly HashSet<Task> _running = [];
    private int _inFlight;
    private long _nextPromoteMs;
    private long _nextMaintenanceMs;
    private bool _failing;

    /// This instance's consumer name in every subscription's consumer group.
    public string Consumer { get; } =
        $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public int InFlight => Volatile.Read(ref _inFlight);

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
                    await _wake.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
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
        foreach (var gone in _lanes.Keys.Where(id => !subscriptions.ContainsKey(id)).ToList())
        {
            _lanes.Remove(gone); // deleted: its queue was purged, and what is in flight finishes
        }

        foreach (var id in subscriptions.Keys.Where(id => !_lanes.ContainsKey(id)))
        {
            _lanes[id] = new DeliveryLane(id) { IdleSinceMs = nowMs };
        }

        if (nowMs >= _nextPromoteMs)
        {
            _nextPromoteMs = nowMs + (long)settings.RetryPollInterval.TotalMilliseconds;
            while (await queue.PromoteDueAsync(now, 1000, cancellationToken) == 1000)
            {
                // a large batch came due at once
            }
        }

        if (nowMs >= _nextMaintenanceMs)
        {
            _nextMaintenanceMs = nowMs + (long)MaintenanceEvery.TotalMilliseconds;
            await MaintainAsync(subscriptions, settings, cancellationToken);
        }

        var read = await ReadAsync(subscriptions, cancellationToken);
        await ReserveAsync(subscriptions, nowMs, cancellationToken);
        var started = Start(subscriptions, settings.Workers, now, cancellationToken);
        return read > 0 || started > 0;
    }

    /// Reads for every lane below its low-water mark, up to twice its max_concurrency taken at once; lanes
    /// wanting the same count share one read.
    private async Task<int> ReadAsync(IReadOnlyDictionary<string, Subscription> subscriptions,
        CancellationToken cancellationToken)
    {
        var wanting = _lanes.Values
            .Select(lane => (lane, limit: subscriptions[lane.SubscriptionId].MaxConcurrency))
            .Where(x => x.lane.Buffer.Count <= x.limit / 2)
            .Select(x => (x.lane, want: (2 * x.limit) - x.lane.Buffer.Count - x.lane.InFlight))
            .Where(x => x.want > 0)
            .GroupBy(x => x.want);
        var read = 0;
        foreach (var group in wanting)
        {
            var messages = await queue.ReadAsync([.. group.Select(x => x.lane.SubscriptionId)], group.Key, Consumer,
                cancellationToken);
            foreach (var message in messages)
            {
                if (_lanes.TryGetValue(message.SubscriptionId, out var lane))
                {
                    lane.Buffer.Enqueue(message);
                    lane.Untrimmed = true;
                    read++;
                }
            }
        }

        return read;
    }

    /// Asks for slots where buffered work exceeds them (at most every 200 ms per lane), and gives them back
    /// after two idle seconds, so another instance can use them.
    private async Task ReserveAsync(IReadOnlyDictionary<string, Subscription> subscriptions, long nowMs,
        CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes.Values)
        {
            var limit = subscriptions[lane.SubscriptionId].MaxConcurrency;
            var inFlight = lane.InFlight;
            var want = Math.Min(limit, inFlight + lane.Buffer.Count);
            if (inFlight > 0 || lane.Buffer.Count > 0)
            {
                lane.IdleSinceMs = nowMs;
            }

            var grow = want > lane.Held && nowMs - lane.LastReserveMs >= ReserveEveryMs;
            var release = lane.Held > 0 && want == 0 && nowMs - lane.IdleSinceMs >= ReleaseAfterIdleMs;
            var share = lane.Held > 0 && want > 0
                && nowMs - lane.LastReserveMs >= ShareEveryMs; // others may be waiting
            if (grow || release || share || lane.Held > limit)
            {
                lane.LastReserveMs = nowMs;
                lane.Held = await slots.ReserveAsync(lane.SubscriptionId, Consumer, want, inFlight, limit, SlotLease,
                    cancellationToken);
            }
        }
    }

    private int Start(IReadOnlyDictionary<string, Subscription> subscriptions, int workers, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var lane in _lanes.Values.OrderBy(_ => Random.Shared.Next()))
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

    /// Every few seconds: renew held slots, keep buffered messages ours, take over abandoned ones, drop
    /// finished stream entries, and publish queue depth.
    private async Task MaintainAsync(IReadOnlyDictionary<string, Subscription> subscriptions, DeliveryOptions settings,
        CancellationToken cancellationToken)
    {
        long depth = 0;
        foreach (var lane in _lanes.Values)
        {
            var limit = subscriptions[lane.SubscriptionId].MaxConcurrency;
            if (lane.Held > 0 || lane.InFlight > 0 || lane.Buffer.Count > 0)
            {
                lane.LastReserveMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                var want = Math.Min(limit, lane.InFlight + lane.Buffer.Count);
                lane.Held = await slots.ReserveAsync(lane.SubscriptionId, Consumer, want, lane.InFlight, limit,
                    SlotLease, cancellationToken);
            }

            await queue.TouchAsync(lane.SubscriptionId, Consumer,
                [.. lane.Buffer.Select(m => m.Id), .. lane.Running.Keys], cancellationToken);
            var room = (2 * limit) - lane.Buffer.Count - lane.InFlight;
            if (room > 0)
            {
                foreach (var message in await queue.ClaimAbandonedAsync(lane.SubscriptionId, Consumer,
                    settings.ClaimAbandonedAfter, room, cancellationToken))
                {
                    Log.Claimed(logger, message.EventId, message.SubscriptionId, message.Attempt);
                    lane.Buffer.Enqueue(message);
                    lane.Untrimmed = true;
                }
            }

            // An idle lane costs no trim: entries are trimmed by the instance that took them, once more
            // after its lane went quiet (so the last acknowledgements are covered), and daily by retention.
            if (lane.Untrimmed)
            {
                await queue.TrimAsync(lane.SubscriptionId, cancellationToken);
                lane.Untrimmed = lane.Buffer.Count > 0 || lane.InFlight > 0;
            }

            var backlog = await queue.BacklogAsync(lane.SubscriptionId, cancellationToken);
            depth += backlog.Queued + backlog.InFlight;
        }

        metrics.DeliveryQueueDepth(depth, await queue.ScheduledCountAsync(cancellationToken));
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

        [LoggerMessage(4012, LogLevel.Information,
            "Took over delivery of {EventId} to {SubscriptionId}, attempt {Attempt}, abandoned by another instance")]
        public static partial void Claimed(ILogger logger, string eventId, string subscriptionId, int attempt);
    }
}
