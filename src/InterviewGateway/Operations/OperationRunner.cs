using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Operations;

/// Starts operations where they were requested and, every `ClaimInterval`, takes over the ones whose
/// instance stopped renewing their lease. Each runs on its own task; a stopping instance just stops, and
/// its lease running out hands the rest to another instance.
internal sealed partial class OperationRunner(IOperationStore store, IServiceProvider services,
    IOptions<OperationOptions> options, TimeProvider time, ILogger<OperationRunner> logger) : BackgroundService
{
    private readonly Channel<Operation> _started = Channel.CreateUnbounded<Operation>();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    public string Owner { get; } =
        $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public async Task<Operation> StartAsync(string kind, string subject, DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = $"op_{now.ToUnixTimeMilliseconds():x11}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var operation = new Operation(id, kind, subject, since, OperationState.Running, 0, 0, null, null, now, now);
        await store.CreateAsync(operation, Owner, options.Value.Lease, cancellationToken);
        _started.Writer.TryWrite(operation);
        return operation;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var claiming = ClaimLoopAsync(stoppingToken);
        try
        {
            await foreach (var operation in _started.Reader.ReadAllAsync(stoppingToken))
            {
                Run(operation, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await claiming;
        await Task.WhenAll(_running.Values);
    }

    /// Runs every operation started on this instance so far and waits for them: what ExecuteAsync does
    /// on its own, for a host whose background services are stepped from outside (the simulation).
    internal async Task RunStartedAsync(CancellationToken cancellationToken)
    {
        while (_started.Reader.TryRead(out var operation))
        {
            Run(operation, cancellationToken);
        }

        await Task.WhenAll(_running.Values);
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ClaimInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ClaimAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ClaimAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await store.ClaimAbandonedAsync(Owner, options.Value.Lease, 10, stoppingToken))
            {
                if (await store.GetAsync(id, stoppingToken) is { State: OperationState.Running } operation)
                {
                    Log.TakenOver(logger, id);
                    Run(operation, stoppingToken);
                }
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Redis unreachable: the next tick tries again; nothing is lost while the leases wait.
            Log.ClaimFailed(logger, ex.GetType().Name);
        }
    }

    private void Run(Operation operation, CancellationToken stoppingToken)
    {
        if (_running.TryAdd(operation.Id, Task.CompletedTask))
        {
            _running[operation.Id] = Task.Run(() => RunAsync(operation, stoppingToken), CancellationToken.None);
        }
    }

    private async Task RunAsync(Operation operation, CancellationToken stoppingToken)
    {
        try
        {
            var work = services.GetRequiredKeyedService<IOperationWork>(operation.Kind);
            var done = await work.RunAsync(operation, SaveAsync, stoppingToken);
            await SaveAsync(done with { State = OperationState.Completed }, stoppingToken);
        }
        catch (OperationLeaseLostException)
        {
            Log.LeaseLost(logger, operation.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another instance continues from the last save.
        }
        catch (Exception ex)
        {
            Log.Failed(logger, operation.Id, ex.GetType().Name);
            var error = ex is ProblemException problem ? problem.Message : "The operation failed unexpectedly.";
            var latest = await store.GetAsync(operation.Id, CancellationToken.None) ?? operation;
            await store.SaveAsync(latest with { State = OperationState.Failed, Error = error,
                UpdatedAt = time.GetUtcNow() }, Owner, options.Value.Lease, CancellationToken.None);
        }
        finally
        {
            _running.TryRemove(operation.Id, out _);
        }
    }

    private async Task SaveAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (!await store.SaveAsync(operation with { UpdatedAt = time.GetUtcNow() }, Owner, options.Value.Lease,
            cancellationToken))
        {
            throw new OperationLeaseLostException(operation.Id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8000, LogLevel.Information, "Operation {OperationId}: its instance stopped; continuing it")]
        public static partial void TakenOver(ILogger logger, string operationId);

        [LoggerMessage(8001, LogLevel.Information, "Operation {OperationId} is now run by another instance")]
        public static partial void LeaseLost(ILogger logger, string operationId);

        [LoggerMessage(8002, LogLevel.Error, "Operation {OperationId} failed ({Error})")]
        public static partial void Failed(ILogger logger, string operationId, string error);

        [LoggerMessage(8003, LogLevel.Warning, "Looking for abandoned operations failed ({Error}); retrying")]
        public static partial void ClaimFailed(ILogger logger, string error);
    }
}
