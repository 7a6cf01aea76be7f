extern alias simulation;

using InterviewGateway.IntegrationTests.Infrastructure;
using simulation::InterviewGateway.Simulation;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace InterviewGateway.IntegrationTests.SimulationRuns;

/// Redis mode (docs/simulation.md): redis-server follows the virtual clock (expiry and Lua `TIME`), a crash
/// loses exactly the writes after the last durable mark, and a short run on it holds every invariant.
[LongRunning]
public sealed class RedisModeTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Keys_expire_and_Lua_TIME_reads_as_the_virtual_clock_says()
    {
        await using var server = await RedisModeServer.StartAsync(T0);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();
        await db.StringSetAsync("event", "1", TimeSpan.FromDays(30));

        server.SetTime(T0 + TimeSpan.FromDays(30));
        Assert.True(await db.KeyExistsAsync("event"), "kept until its retention ends");
        server.SetTime(T0 + TimeSpan.FromDays(30) + TimeSpan.FromMilliseconds(1));
        Assert.False(await db.KeyExistsAsync("event"), "gone when the virtual clock passes its retention");

        server.SetTime(T0 + TimeSpan.FromDays(400) + TimeSpan.FromMicroseconds(1234));
        var time = (RedisResult[])(await db.ScriptEvaluateAsync("return redis.call('TIME')"))!;
        Assert.Equal((T0 + TimeSpan.FromDays(400)).ToUnixTimeSeconds(), (long)time[0]);
        Assert.Equal(1234, (long)time[1]);
    }

    [Fact]
    public async Task A_crash_loses_the_writes_after_the_durable_mark_and_keeps_those_before()
    {
        await using var server = await RedisModeServer.StartAsync(T0);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();
        await db.StringSetAsync("before", "1");
        server.MarkDurable();
        await db.StringSetAsync("after", "1");

        await server.CrashAsync();
        await WaitConnectedAsync(db);

        Assert.True(await db.KeyExistsAsync("before"));
        Assert.False(await db.KeyExistsAsync("after"));
        Assert.Equal(1, server.Crashes);
    }

    /// The short Redis-mode run CI does: 32 days (past the 30-day event retention), a fiftieth of the webhook
    /// vendors' volume, with seeded crashes. Redis round trips dominate its time.
    [Fact]
    public async Task A_short_run_on_redis_with_crashes_holds_every_invariant()
    {
        var options = new SimulationOptions(Days: 32, Seed: 1, Instances: 2, Scale: 0.02) { Redis = true };
        var result = await SimulationRun.RunAsync(options, Workload.Generate(options, SimulationRun.Start));
        var report = new StringWriter();
        result.Print(report);
        output.WriteLine(report.ToString());

        Assert.True(result.Checker.Completions > 0 && result.Checker.Deliveries > 0, "the run delivered nothing");
        Assert.True(result.Checker.RedisCrashes > 0, "no crash happened:\n" + report);
        var broken = Invariants.All.Where(i => result.Violations.Any(v => v.Invariant == i)).ToList();
        Assert.True(broken.Count == 0, $"Redis mode, seed {options.Seed}, {options.Days} days: "
            + $"{string.Join(", ", broken)} broke (replay: dotnet run --project tests/InterviewGateway.Simulation "
            + $"-c Release -- --redis --days {options.Days} --seed {options.Seed} --instances 2 --scale-percent 2):"
            + $"\n{report}");
    }

    private static async Task WaitConnectedAsync(IDatabase db)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await db.PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
