using Hangfire.AspNetCore;
using Hangfire.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace InterviewGateway.Infrastructure.Hangfire;

/// Hangfire's log provider is process-wide (a static), and every host that adds Hangfire sets its own.
/// Where one process runs several hosts one after another (the test suite, the simulation), a host stopped
/// earlier can leave its disposed LoggerFactory behind, and the next job Hangfire creates throws while
/// building its `AutomaticRetry` attribute (which asks for a logger). A logger asked of a disposed factory
/// logs nothing instead. One host per process, as in production, never meets that case.
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
