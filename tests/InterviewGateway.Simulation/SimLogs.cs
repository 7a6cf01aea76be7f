using System.Collections.Concurrent;

namespace InterviewGateway.Simulation;

/// Counts what the gateway logged at Warning and above, by category, event id and exception type
/// (subscriber failures are expected to log; the report lists the counts so nothing unexpected goes unseen).
internal sealed class SimLogs : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Summary() =>
        [.. _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Value,7:N0}  {c.Key}")];

    public void Dispose()
    {
    }

    private sealed class Logger(SimLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var cause = exception is null ? "" : $" ({exception.GetType().Name})";
                logs._counts.AddOrUpdate($"[{logLevel}] {category} {eventId.Id}{cause}", 1, (_, n) => n + 1);
            }
        }
    }
}
