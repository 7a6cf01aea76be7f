using System.Diagnostics;
using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.IntegrationTests.Processes;

namespace InterviewGateway.IntegrationTests.Samples;

/// samples/InterviewGateway.ClientSample as a caller outside this repository builds it: from the packed
/// client (a fresh version in the local feed samples/nuget.config names), run against the built gateway
/// started as its own process on a loopback port.
[LongRunning]
public sealed class ClientSampleTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task The_sample_built_from_the_packed_client_creates_tracks_lists_and_verifies_a_delivery()
    {
        var program = Path.Combine(Root, "samples", "InterviewGateway.ClientSample", "Program.cs");
        Assert.True(File.ReadAllLines(program).Length < 40, "the sample must stay under 40 lines");
        // A version of its own, so NuGet's cache can never hand the sample an older build of the client.
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var feed = Path.Combine(Root, "artifacts", "packages");
        var output = Directory.CreateTempSubdirectory("igw-client-sample-").FullName;
        try
        {
            await RunAsync($"pack src/InterviewGateway.Client -o \"{feed}\" -p:Version={version}");
            await RunAsync($"build samples/InterviewGateway.ClientSample -o \"{output}\" "
                + $"-p:InterviewGatewayClientVersion={version}");
            await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
            {
                ["Gateway:ApiKeys:sample:Key"] = GatewayProcess.ApiKey,
                ["Gateway:ApiKeys:sample:Scopes:0"] = "interviews:read",
                ["Gateway:ApiKeys:sample:Scopes:1"] = "interviews:write",
                ["Gateway:ApiKeys:sample:Scopes:2"] = "subscriptions:manage",
            }, development: true);
            var listen = $"http://127.0.0.1:{GatewayProcess.FreePort()}";

            var text = await RunAsync($"\"{Path.Combine(output, "InterviewGateway.ClientSample.dll")}\" "
                + $"{gateway.BaseAddress.ToString().TrimEnd('/')} {GatewayProcess.ApiKey} {listen}", build: false);

            Assert.Matches(@"created hindsight_\S+: (Created|Invited|Scheduled)", text);
            Assert.Matches(@"tracked hindsight_\S+ \(new: True\)", text);
            Assert.Matches(@"verified subscription\.test evt_\S+", text);
            Assert.DoesNotContain(gateway.Output, l => l.StartsWith("fail:", StringComparison.Ordinal)
                || l.StartsWith("crit:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            File.Delete(Path.Combine(feed, $"InterviewGateway.Client.{version}.nupkg"));
        }
    }

    /// Runs `dotnet {arguments}` in the repository root; fails the test with the output on a non-zero exit.
    private static async Task<string> RunAsync(string arguments, bool build = true)
    {
        var start = new ProcessStartInfo("dotnet", build ? arguments + " -nologo -v:q" : arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} exited {process.ExitCode}:\n{text}");
        return text;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InterviewGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
