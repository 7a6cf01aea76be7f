using InterviewGateway.Vendors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Sandbox;

/// Maps every registered vendor's simulator under `/sandbox/{vendor}` when `Sandbox:Enabled`.
/// Simulators authenticate like the vendors do, not with gateway keys, and stay out of OpenAPI.
internal static class SandboxSetup
{
    public static void MapSandbox(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            return;
        }

        foreach (var module in app.Services.GetServices<IVendorModule>())
        {
            var group = app.MapGroup($"/sandbox/{module.Key.Value}").ExcludeFromDescription().AllowAnonymous();
            module.MapSimulator(group);
        }

        WebhookReceiver.Map(app.MapGroup("/sandbox").ExcludeFromDescription().AllowAnonymous());
    }
}
