namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Where the tests find Redis (issue 18: Windows too). INTERVIEWGATEWAY_TEST_REDIS=host:port names a running
/// server to use instead of starting one (its data is not flushed, but the tests write keys under their own
/// prefixes: give them a throwaway server). Otherwise redis-server (redis-server.exe on Windows) on PATH or
/// in a usual install directory.
public static class RedisServerLocator
{
    public const string ExistingServerVariable = "INTERVIEWGATEWAY_TEST_REDIS";

    public static string? ExistingServer() =>
        Environment.GetEnvironmentVariable(ExistingServerVariable) is { Length: > 0 } endpoint ? endpoint : null;

    public static string? FindBinary() =>
        FindBinary(Environment.GetEnvironmentVariable, File.Exists, OperatingSystem.IsWindows());

    public static string? FindBinary(Func<string, string?> environment, Func<string, bool> exists, bool windows)
    {
        var name = windows ? "redis-server.exe" : "redis-server";
        var separator = windows ? ';' : ':';
        var onPath = (environment("PATH") ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries);
        string[] usual = windows
            ?
            [
                // Memurai (a Redis for Windows), the Redis MSI ports, Chocolatey's shims, Scoop's shims.
                Path.Combine(environment("ProgramFiles") ?? @"C:\Program Files", "Memurai"),
                Path.Combine(environment("ProgramFiles") ?? @"C:\Program Files", "Redis"),
                Path.Combine(environment("ChocolateyInstall") ?? @"C:\ProgramData\chocolatey", "bin"),
                Path.Combine(environment("USERPROFILE") ?? @"C:\Users\Default", "scoop", "shims"),
            ]
            : ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/usr/sbin"];
        var memurai = "memurai.exe";
        return onPath.Concat(usual)
            .Select(dir => Path.Combine(dir, windows && exists(Path.Combine(dir, memurai)) ? memurai : name))
            .FirstOrDefault(exists);
    }

    /// redis-cli (memurai-cli.exe beside Memurai) from the same directory as the server, else on PATH.
    public static string? FindCli(string server)
    {
        var directory = Path.GetDirectoryName(server) ?? "";
        var windows = OperatingSystem.IsWindows();
        string[] names = windows ? ["redis-cli.exe", "memurai-cli.exe"] : ["redis-cli"];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries);
        return onPath.Prepend(directory).SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// What to do when there is no Redis, for the developer's own OS.
    public static string Missing(bool windows, bool mac) =>
        "The integration tests need a real Redis, and no redis-server was found on PATH or in the usual "
        + "install directories. "
        + (windows
            ? "On Windows install Memurai (winget install Memurai.MemuraiDeveloper) or Redis in WSL "
                + "(wsl sudo apt-get install redis-server; then run it and set "
                + $"{ExistingServerVariable}=127.0.0.1:6379). "
            : mac ? "On macOS: brew install redis. "
            : "On Debian or Ubuntu: sudo apt-get install redis-server. ")
        + $"Or point {ExistingServerVariable}=host:port at a running throwaway Redis.";
}
