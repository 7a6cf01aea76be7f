using InterviewGateway.Vendors.Simulators;
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
        services.AddHostedService<SandboxStartup>();
        services.AddSingleton<SandboxSubscriber>();
    }

    public static void MapSandbox(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            return;
        }

        foreach (var simulator in app.Services.GetServices<IVendorSandbox>())
        {
            simulator.Map(app.MapGroup($"/sandbox/{simulator.Key.Value}").ExcludeFromDescription());
        }

        SandboxSubscriber.Map(app.MapGroup("/sandbox").ExcludeFromDescription());
    }
}
