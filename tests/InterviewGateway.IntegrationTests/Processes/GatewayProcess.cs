using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace InterviewGateway.IntegrationTests.Processes;

/// The built gateway started as its own process on a loopback port, the way an operator runs it, for
/// tests of restarts and of several instances sharing one Redis.
public sealed class GatewayProcess : IAsyncDisposable
{
    public const string ApiKey = "igw_process_test_key_000001";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Output => [.. _output];

    /// `development`: the README's run command as a newcomer runs it, with no keys or Redis configured.
    /// `waitReady: false` returns once it listens (/health/live), ready or not (a test that starts it before Redis).
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings,
        bool development = false, bool waitReady = true)
    {
        var port = FreePort();
        // IGW_GATEWAY_DLL runs another build (by hand: the same load against the code before a change).
        var dll = Environment.GetEnvironmentVariable("IGW_GATEWAY_DLL") is { Length: > 0 } other
            ? other
            : Path.Combine(AppContext.BaseDirectory, "InterviewGateway.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = development ? "Development" : "Production";
        if (!development)
        {
            start.Environment["Gateway__ApiKeys__tests__Key"] = ApiKey;
            start.Environment["Gateway__ApiKeys__tests__Scopes__0"] = "interviews:read";
            start.Environment["Gateway__ApiKeys__tests__Scopes__1"] = "interviews:write";
            start.Environment["Gateway__ApiKeys__tests__Scopes__2"] = "subscriptions:manage";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
        }

        // Keys stored in Redis without an XML encryptor warn at creation; production sets one up.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var gateway = new GatewayProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) gateway._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) gateway._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await gateway.WaitForAsync(waitReady ? "/health/ready" : "/health/live");

        return gateway;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// Stops the process at once, as a crash or a redeploy would.
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// Nothing at Warning or above: the console logger prefixes those lines with warn/fail/crit.
    public void AssertNoWarningsOrErrors()
    {
        var bad = Output.Where(l => l.StartsWith("warn:", StringComparison.Ordinal)
            || l.StartsWith("fail:", StringComparison.Ordinal)
            || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        Assert.True(bad.Count == 0, "Gateway process logged:\n" + string.Join("\n", Output));
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    public Task WaitReadyAsync() => WaitForAsync("/health/ready");

    private async Task WaitForAsync(string probe)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "The gateway process exited:\n" + string.Join("\n", Output));
            try
            {
                using var response = await http.GetAsync(probe);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail("The gateway process did not become ready:\n" + string.Join("\n", Output));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
