using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Sandbox;

/// When the sandbox is on: loads its per-deployment credentials before the first request, and outside
/// Development says at Warning that simulators are serving (a demo, never a production setting).
internal sealed partial class SandboxStartup(
    IOptions<SandboxOptions> options, SandboxCredentials credentials, IHostEnvironment environment,
    ILogger<SandboxStartup> logger)
    : IHostedService
{
    public const int OutsideDevelopmentEventId = 7000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await credentials.LoadAsync(cancellationToken);
        if (!environment.IsDevelopment())
        {
            Log.OutsideDevelopment(logger, environment.EnvironmentName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// What GET /v1/vendors shows for a sandboxed vendor outside Development; null otherwise.
    public static string? Warning(VendorConnection connection, IHostEnvironment environment) =>
        connection.Sandbox && !environment.IsDevelopment()
            ? "Served by the built-in sandbox simulator outside Development (Sandbox:Enabled): not a real vendor."
            : null;

    private static partial class Log
    {
        [LoggerMessage(OutsideDevelopmentEventId, LogLevel.Warning,
            "Sandbox:Enabled is true in the {Environment} environment: vendors without an API key are served by the "
            + "built-in simulators under /sandbox/ and their interviews reach real subscribers. Set "
            + "Sandbox:Enabled=false and the vendors' API keys for production")]
        public static partial void OutsideDevelopment(ILogger logger, string environment);
    }
}
