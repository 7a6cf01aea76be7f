namespace InterviewGateway.IntegrationTests.Processes;

/// libfaketime for a child process: its wall clock (`DateTime.UtcNow`, `TimeProvider.System`) runs ahead of the
/// host's, the way NTP drift leaves two hosts. The monotonic clock is shifted too, and must be: .NET's timed
/// waits (Monitor.Wait, WaitHandle.WaitOne) are `pthread_cond_timedwait` on a monotonic condition variable,
/// whose deadline libfaketime 0.9.10 shifts back by the offset whether or not it fakes the monotonic clock.
/// With `FAKETIME_DONT_FAKE_MONOTONIC=1` every such wait returns at once: StackExchange.Redis's synchronous
/// commands time out and Hangfire logs ~1,000 "Actual wait time ... using protective wait" errors a second.
/// A constant shift of the monotonic clock changes no interval. Requires the Debian package `faketime`
/// (.ci/run installs it).
public static class FakeTime
{
    private static readonly string[] Candidates =
    [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ];

    /// The library's path; fails the test (never skips it) when it is not installed.
    public static string Library() => Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
        "libfaketime is not installed (looked for " + string.Join(", ", Candidates) + "). Install it with "
        + "`apt-get install faketime` (Debian/Ubuntu; .ci/run does this) or your system's faketime package.");

    /// Environment settings that start a process with its clock `seconds` ahead (negative: behind).
    public static Dictionary<string, string> Ahead(int seconds) => new()
    {
        ["LD_PRELOAD"] = Library(),
        ["FAKETIME"] = (seconds >= 0 ? "+" : "") + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "s",
    };
}
