using InterviewGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Inbound;

/// Waits until Redis has made the accepted webhooks durable (issue 17: with `appendfsync everysec` a
/// crash loses up to a second of writes, and a vendor never resends a delivery it saw answered 202).
/// WAIT and WAITAOF cover the writes of the connection that sends them, and they block that connection,
/// so they run on a connection of their own, as a group commit: each round writes a mark (after every
/// waiter's accept had returned, so Redis ordered it after them) and waits for the mark; one round
/// answers every accept that joined it, however many arrive in one fsync second. On a cluster an accept
/// was written to the primary of its partition's slot, so a round writes a mark in each partition its
/// waiters wrote to and waits on that mark's primary (one per primary).
internal sealed partial class DurableAccept(
    IConfiguration configuration, RedisKeys keys, IOptionsMonitor<InboundOptions> options,
    ILogger<DurableAccept> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private Round? _next;
    private bool _running;
    private bool _failing;
    private ConnectionMultiplexer? _connection;

    public bool Enabled => options.CurrentValue.Durability != AcceptDurability.None
        && !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    /// True once every write this instance had acknowledged before the call is durable; false when that
    /// could not be confirmed within `Inbound:DurabilityTimeout`.
    public Task<bool> WaitAsync(int partition, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            _failing = false; // switched off: nothing is failing, and switching on again reports afresh
            return Task.FromResult(true);
        }

        Round round;
        var start = false;
        lock (_gate)
        {
            round = _next ??= new Round();
            round.Partitions.Add(partition);
            if (!_running)
            {
                _running = start = true;
            }
        }

        if (start)
        {
            _ = Task.Run(RoundsAsync, CancellationToken.None);
        }

        return round.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RoundsAsync()
    {
        while (true)
        {
            Round round;
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }

                round = _next;
                _next = null;
            }

            round.Done.TrySetResult(await RoundAsync(round.Partitions));
        }
    }

    /// Partitions is only written under the gate before the round is taken, and read after.
    private sealed class Round
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HashSet<int> Partitions { get; } = [];
    }

    private async Task<bool> RoundAsync(HashSet<int> partitions)
    {
        var current = options.CurrentValue;
        try
        {
            var connection = await ConnectAsync(current);
            // One mark per primary: WAIT and WAITAOF only see the writes of the node they are sent to.
            var marks = partitions.Select(p => (RedisKey)keys.InboundDurabilityMark(p))
                .GroupBy(mark => connection.GetServer(mark).EndPoint).Select(g => g.First());
            var confirmed = await Task.WhenAll(marks.Select(mark => WaitOnAsync(connection.GetServer(mark), mark,
                current)));
            var durable = confirmed.All(c => c);
            Report(durable, durable ? "" : "not confirmed in time");
            return durable;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Report(false, ex.GetType().Name);
            return false;
        }
    }

    private static async Task<bool> WaitOnAsync(IServer primary, RedisKey mark, InboundOptions current)
    {
        var timeout = (long)current.DurabilityTimeout.TotalMilliseconds;
        await primary.ExecuteAsync("INCR", (string)mark!);
        return current.Durability == AcceptDurability.LocalAof
            ? (long)((RedisResult[])(await primary.ExecuteAsync("WAITAOF", 1, 0, timeout))!)[0] >= 1
            : (long)await primary.ExecuteAsync("WAIT", current.DurabilityReplicas, timeout)
                >= current.DurabilityReplicas;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(InboundOptions current)
    {
        if (_connection is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync();
        try
        {
            if (_connection is null)
            {
                var settings = RedisFaults.Options(configuration.GetConnectionString("Redis")!);
                // The wait itself may take the whole timeout; the client must not give up first.
                var margin = (int)current.DurabilityTimeout.TotalMilliseconds + 5_000;
                settings.AsyncTimeout = Math.Max(settings.AsyncTimeout, margin);
                settings.SyncTimeout = Math.Max(settings.SyncTimeout, margin);
                settings.ClientName = "inbound-durability";
                _connection = await ConnectionMultiplexer.ConnectAsync(settings);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void Report(bool durable, string reason)
    {
        if (durable == !_failing)
        {
            return;
        }

        _failing = !durable;
        if (durable)
        {
            Log.Durable(logger);
        }
        else
        {
            Log.NotDurable(logger, options.CurrentValue.Durability, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(6120, LogLevel.Warning,
            "Vendor webhooks are answered 503: Redis did not confirm them durable ({Durability}: {Reason})")]
        public static partial void NotDurable(ILogger logger, AcceptDurability durability, string reason);

        [LoggerMessage(6121, LogLevel.Information, "Vendor webhooks are confirmed durable again")]
        public static partial void Durable(ILogger logger);
    }
}
