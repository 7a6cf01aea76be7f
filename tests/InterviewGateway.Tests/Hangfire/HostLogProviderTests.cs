using Hangfire.AspNetCore;
using InterviewGateway.Infrastructure.Hangfire;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace InterviewGateway.Tests.Hangfire;

/// Hangfire keeps one log provider per process; a host stopped before the next job is created must not
/// make that job's creation throw (it did: FailedJobExpiryTests, ObjectDisposedException 'LoggerFactory').
public sealed class HostLogProviderTests
{
    [Fact]
    public void A_disposed_hosts_logger_factory_gives_a_silent_logger_instead_of_throwing()
    {
        var factory = new LoggerFactory();
        factory.Dispose();

        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("job"));
        var log = new HostLogProvider(factory).GetLogger("job");
        Assert.False(log.Log(HangfireLogLevel.Error, () => "lost", null));
    }

    [Fact]
    public void A_live_factory_still_logs_through_it()
    {
        var counting = new Counting();
        using var factory = LoggerFactory.Create(b => b.AddProvider(counting));

        var logged = new HostLogProvider(factory).GetLogger("job")
            .Log(HangfireLogLevel.Warn, () => "kept", null);

        Assert.True(logged);
        Assert.Equal(1, counting.Count);
    }

    private sealed class Counting : ILoggerProvider, ILogger
    {
        public int Count;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Interlocked.Increment(ref Count);

        public void Dispose()
        {
        }
    }
}
