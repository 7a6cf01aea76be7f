using InterviewGateway.Vendors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Sandbox;

/// Maps every registered vendor's simulator under `/sandbox/{vendor}` when `Sandbox:Enabled`.
/// Simulators' vendor APIs authenticate like the vendors do (with per-deployment sandbox keys), not with
/// gateway keys, and are anonymous to the gateway; their control routes and the built-in receiver's
/// reading need a gateway key (deny by default). None of it is in OpenAPI.
internal static class SandboxSetup
{
    public static void AddSandbox(this IServiceCollection services)
    {
        services.AddSingleton<SandboxCredentials>();
        services.AddSingleton<WebhookReceiver>();
        services.AddHostedService<SandboxStartup>();
        services.AddSandboxCallbacks();
    }

    public static void MapSandbox(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            return;
        }

        foreach (var module in app.Services.GetServices<IVendorModule>())
        {
            var group = app.MapGroup($"/sandbox/{module.Key.Value}").ExcludeFromDescription();
            module.MapSimulator(group);
        }

        WebhookReceiver.Map(app.MapGroup("/sandbox").ExcludeFromDescription());
    }
}
