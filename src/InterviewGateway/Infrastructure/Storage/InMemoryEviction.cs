namespace InterviewGateway.Infrastructure.Storage;

/// In-memory mode: every minute, each in-memory store drops what outlived its retention.
internal sealed class InMemoryEviction(IEnumerable<IEvictable> stores, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var store in stores)
            {
                store.EvictExpired(time.GetUtcNow());
            }
        }
    }
}
