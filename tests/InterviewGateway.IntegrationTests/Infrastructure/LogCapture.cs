using System.Collections.Concurrent;

namespace InterviewGateway.IntegrationTests.Infrastructure;

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// Records every log entry of the host, so tests can assert that nothing was logged at Warning or above.
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public void AssertNoWarningsOrErrors()
    {
        var bad = Entries.Where(e => e.Level >= LogLevel.Warning).ToArray();
        Assert.True(bad.Length == 0, "Unexpected warnings/errors:\n"
            + string.Join("\n", bad.Select(e => $"[{e.Level}] {e.Category}: {e.Message} {e.Exception}")));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
