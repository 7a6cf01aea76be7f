using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace InterviewGateway.Benchmarks.Delivery;

/// One gateway instance: this benchmark executable started again in `gateway-host` mode, on its own port.
internal sealed class ChildGateway : IAsyncDisposable
{
    public const string ApiKey = "igw_bench_key_0000000000000001";
    private readonly Process _process;

    private ChildGateway(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(10) };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
    }

    public HttpClient Client { get; }

    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildGateway> StartAsync(string? redis, string prefix,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = BenchRedis.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory,
            "InterviewGateway.Benchmarks.dll"), "gateway-host"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Production's log levels (appsettings.json: Information), so what it logs per webhook is measured.
            ["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Gateway__ApiKeys__bench__Key"] = ApiKey,
            ["Gateway__ApiKeys__bench__Scopes__0"] = "interviews:read",
            ["Gateway__ApiKeys__bench__Scopes__1"] = "interviews:write",
            ["Gateway__ApiKeys__bench__Scopes__2"] = "subscriptions:manage",
            ["Gateway__RequestsPerMinutePerKey"] = "0",
            ["Redis__KeyPrefix"] = prefix,
            ["Webhooks__AllowPrivateNetworks"] = "true",
            ["Webhooks__AllowInsecureUrls"] = "true",
        };
        if (redis is not null)
        {
            env["ConnectionStrings__Redis"] = redis;
        }

        // The child is this benchmark executable, a console app (workstation GC); the gateway ships as a web
        // app with Server GC in its runtimeconfig. Without this the benchmark measured a GC production never
        // runs (issue 20: 2.4-2.5 against 2.8-3.5 gateway CPU ms per webhook, and accepted/s 3,200-4,100
        // against 2,000-3,100, back to back).
        using (var runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory,
            "InterviewGateway.runtimeconfig.json"))))
        {
            var server = runtime.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
                .TryGetProperty("System.GC.Server", out var value) && value.GetBoolean();
            env["DOTNET_gcServer"] = server ? "1" : "0";
        }

        // As the Dockerfile runs it: tier-up without the 100 ms quiet period (see there). Set the variable
        // around the benchmark (e.g. to 100, the runtime's default) to measure another setting.
        env["DOTNET_TC_CallCountingDelayMs"] =
            Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") ?? "0";

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && !line.StartsWith("      ",
            StringComparison.Ordinal)) Console.Error.WriteLine("  [gateway] " + line); };
        process.ErrorDataReceived += (_, e) =>
            { if (e.Data is not null) Console.Error.WriteLine("  [gateway] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildGateway(process, port);
        for (var i = 0; ; i++)
        {
            try
            {
                using var ready = await child.Client.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return child;
                }
            }
            catch (HttpRequestException) when (i < 300)
            {
            }

            if (process.HasExited || i >= 300)
            {
                throw new InvalidOperationException("the gateway did not start");
            }

            await Task.Delay(200);
        }
    }

    /// Creates a subscription to `url`; returns (id, secret).
    public async Task<(string Id, string Secret)> SubscribeAsync(string url, int maxConcurrency)
    {
        using var response = await Client.PostAsJsonAsync("/v1/subscriptions", new Dictionary<string, object>
        {
            ["url"] = url,
            ["event_types"] = new[] { "interview.completed" },
            ["max_concurrency"] = maxConcurrency,
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("subscribe failed: " + body);
        }

        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public async Task StoreAsync(string run, int n, int offset)
    {
        using var response = await Client.PostAsync(string.Create(CultureInfo.InvariantCulture,
            $"/bench/store?run={run}&n={n}&offset={offset}"), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task FanOutAsync(string run)
    {
        using var response = await Client.PostAsync($"/bench/fanout?run={run}", null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
