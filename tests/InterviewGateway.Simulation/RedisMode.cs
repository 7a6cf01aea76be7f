using System.Diagnostics;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace InterviewGateway.Simulation;

/// Redis mode (`--redis`): a real redis-server whose wall clock is the virtual clock, so key expiry (`PX`,
/// `EX`) and Lua `redis.call('TIME')` follow simulated time. A preloaded shim (RedisMode.simclock.c, built
/// with gcc at start) answers CLOCK_REALTIME from an 8-byte file the harness rewrites whenever the virtual
/// clock moves; Redis's timers keep the real monotonic clock. Persistence as docker-compose runs it
/// (`appendonly yes`, `appendfsync everysec`), and `CrashAsync` loses the last second of writes.
internal sealed class RedisModeServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("igw-sim-redis-").FullName;
    private readonly MemoryMappedFile _clockFile;
    private readonly MemoryMappedViewAccessor _clock;
    private readonly string _shim;
    private Process? _process;
    private long _durableLength;

    private RedisModeServer(string shim, DateTimeOffset now)
    {
        _shim = shim;
        var path = Path.Combine(_dir, "clock");
        File.WriteAllBytes(path, new byte[sizeof(long)]);
        _clockFile = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, sizeof(long));
        _clock = _clockFile.CreateViewAccessor(0, sizeof(long));
        SetTime(now);
    }

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    /// Restarts so far (each losing the writes after the last mark).
    public int Crashes { get; private set; }

    public static async Task<RedisModeServer> StartAsync(DateTimeOffset now)
    {
        var server = new RedisModeServer(await BuildShimAsync(), now);
        await server.StartProcessAsync();
        return server;
    }

    /// Called whenever the virtual clock moves: the next Redis command reads this time.
    public void SetTime(DateTimeOffset now) =>
        _clock.Write(0, (now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);

    /// What a crash would keep: the append-only file as it is now (Redis writes it before it answers, so a
    /// moment between steps is a command boundary). `CrashAsync` later keeps only this much.
    public void MarkDurable() => _durableLength = IncrementalAof()?.Length ?? 0;

    /// kill -9, cut the append-only file back to the last mark (the writes an `everysec` fsync had not
    /// flushed when the host died), and start again on the same port and files.
    public async Task CrashAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (IncrementalAof() is { } aof && aof.Length > _durableLength)
        {
            await using var file = new FileStream(aof.FullName, FileMode.Open, FileAccess.Write);
            file.SetLength(_durableLength);
        }

        Crashes++;
        await StartProcessAsync();
    }

    public async Task<long> KeyCountAsync(IConnectionMultiplexer redis) =>
        await redis.GetServer($"127.0.0.1:{Port}").DatabaseSizeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _clock.Dispose();
        _clockFile.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private FileInfo? IncrementalAof() =>
        new DirectoryInfo(Path.Combine(_dir, "appendonlydir")) is { Exists: true } aof
            ? aof.GetFiles("*.incr.aof").OrderBy(f => f.Name, StringComparer.Ordinal).LastOrDefault()
            : null;

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("redis-server",
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir,
            "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction",
            // One incremental file for the whole run, so a crash can cut it back.
            "--auto-aof-rewrite-percentage", "0",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LD_PRELOAD"] = _shim;
        start.Environment["SIM_CLOCK_FILE"] = Path.Combine(_dir, "clock");
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var probe =
                    await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500");
                await probe.GetDatabase().PingAsync(); // answers once the append-only file is loaded
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (RedisException) when (process.HasExited || DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException("redis-server did not start:\n" + string.Join("\n", output));
            }
        }
    }

    /// Compiles the clock shim into the run's temporary directory (a few hundred ms with gcc).
    private static async Task<string> BuildShimAsync()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "RedisMode.simclock.c");
        var output = Path.Combine(Directory.CreateTempSubdirectory("igw-sim-shim-").FullName, "libsimclock.so");
        ProcessStartInfo gcc = new("gcc", ["-shared", "-fPIC", "-O2", "-o", output, source])
        {
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(gcc)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException("gcc failed:\n" + errors);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("Redis mode needs gcc to build its clock shim for redis-server: "
                + "`apt-get install gcc libc6-dev` (.ci/run installs it).");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// Redis mode's part of a run: the server, the settings that point every host at it, its key count,
/// and crashes at seeded times.
internal sealed partial class SimulationRun
{
    /// Crashes come about this often on average (seeded; none in the first or last 10 days).
    private static readonly TimeSpan MeanTimeBetweenCrashes = TimeSpan.FromDays(12);

    private RedisModeServer? _redis;

    private async Task StartRedisAsync()
    {
        if (!_context.Options.Redis)
        {
            return;
        }

        _redis = await RedisModeServer.StartAsync(_context.Clock.GetUtcNow());
        _context.Clock.Moved = _redis.SetTime;
        _settings.Change("ConnectionStrings:Redis", _redis.ConnectionString);
        // Keys stored in Redis without an XML encryptor warn at creation; production sets one up.
        _settings.Change("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
    }

    /// Seeded crash times (their own Random, so Redis mode does not change the workload): at each, the
    /// server is killed and restarted having lost the writes of the virtual second before it.
    private void ScheduleCrashes()
    {
        if (_redis is not { } redis)
        {
            return;
        }

        var random = new Random(_context.Options.Seed * 7919);
        // The first crash falls within one mean interval after day 10, so a short run (CI's 32 days) has one.
        var at = Start + TimeSpan.FromDays(10) - (MeanTimeBetweenCrashes * 0.5);
        var last = Start + TimeSpan.FromDays(_context.Options.Days - 10);
        while ((at += MeanTimeBetweenCrashes * (0.5 + random.NextDouble())) < last)
        {
            var crash = at;
            _context.Scheduler.At(crash - TimeSpan.FromSeconds(1), "redis durable mark", () =>
            {
                redis.MarkDurable();
                return Task.CompletedTask;
            });
            _context.Scheduler.At(crash, "redis crash", async () =>
            {
                await redis.CrashAsync();
                _context.Checker.OnRedisCrash(_context.Clock.GetUtcNow());
                _context.Trace("redis-server killed and restarted, losing the writes of the last second");
                await WaitReconnectedAsync();
            });
        }
    }

    /// Every host's connection is back (StackExchange.Redis reconnects on its own, within about a second).
    private async Task WaitReconnectedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var host in _instances.Prepend(Vendors))
        {
            var connection = host.Services.GetRequiredService<IConnectionMultiplexer>();
            while (true)
            {
                try
                {
                    await connection.GetDatabase().PingAsync();
                    break;
                }
                catch (RedisException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> CountRedisKeysAsync() => new Dictionary<string, long>
    {
        ["redis keys"] = await _redis!.KeyCountAsync(Vendors.Services.GetRequiredService<IConnectionMultiplexer>()),
    };
}
