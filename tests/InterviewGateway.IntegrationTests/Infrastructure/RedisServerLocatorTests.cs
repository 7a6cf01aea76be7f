namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Finding redis-server on each OS, without touching this machine's files or environment.
public sealed class RedisServerLocatorTests
{
    [Fact]
    public void Windows_finds_redis_server_exe_on_a_semicolon_separated_path()
    {
        var env = Environment(("PATH", @"C:\Windows;C:\tools\redis"), ("ProgramFiles", @"C:\Program Files"));
        string[] files = [Path.Combine(@"C:\tools\redis", "redis-server.exe")];

        Assert.Equal(files[0], RedisServerLocator.FindBinary(env, files.Contains, windows: true));
    }

    [Fact]
    public void Windows_falls_back_to_the_usual_install_directories_and_prefers_memurai_there()
    {
        var env = Environment(("PATH", @"C:\Windows"), ("ProgramFiles", @"D:\Apps"));
        var redis = Path.Combine(@"D:\Apps", "Redis", "redis-server.exe");
        var memurai = Path.Combine(@"D:\Apps", "Memurai", "memurai.exe");

        Assert.Equal(redis, RedisServerLocator.FindBinary(env, f => f == redis, windows: true));
        Assert.Equal(memurai, RedisServerLocator.FindBinary(env, f => f == memurai || f == redis, windows: true));
    }

    [Fact]
    public void Unix_finds_homebrew_when_path_lacks_it_and_says_none_when_there_is_none()
    {
        var env = Environment(("PATH", "/usr/bin:/bin"));

        Assert.Equal("/opt/homebrew/bin/redis-server",
            RedisServerLocator.FindBinary(env, f => f == "/opt/homebrew/bin/redis-server", windows: false));
        Assert.Null(RedisServerLocator.FindBinary(env, _ => false, windows: false));
        Assert.Null(RedisServerLocator.FindBinary(env, f => f.EndsWith(".exe", StringComparison.Ordinal), false));
    }

    [Fact]
    public void The_missing_message_says_how_to_install_it_on_each_os_and_names_the_variable()
    {
        Assert.Contains("winget install", RedisServerLocator.Missing(windows: true, mac: false));
        Assert.Contains("brew install redis", RedisServerLocator.Missing(windows: false, mac: true));
        Assert.Contains("apt-get install redis-server", RedisServerLocator.Missing(windows: false, mac: false));
        Assert.All(new[] { (true, false), (false, true), (false, false) }, os =>
            Assert.Contains(RedisServerLocator.ExistingServerVariable, RedisServerLocator.Missing(os.Item1, os.Item2)));
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
