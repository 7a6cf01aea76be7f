using System.Text.Json;
using InterviewGateway.Vendors.Webhooks;
using InterviewGateway.Vendors.InstaView.Simulator;

namespace InterviewGateway.Vendors.InstaView;

/// InstaView AI interviews: create, read, list per candidate and webhooks; tracked interviews are also
/// polled as a safety net. Docs: https://docs.instaview.sk/ (vendor-docs README section 4, 001).
internal sealed class InstaViewVendor : IVendorModule
{
    public static readonly VendorKey VendorKey = new("instaview", "InstaView", "InstaView");

    public static readonly JsonSerializerOptions Json = VendorJson.Create(JsonNamingPolicy.CamelCase);

    public VendorKey Key => VendorKey;

    public VendorCapabilities Capabilities { get; } = new(
        Create: true,
        UpdatableFields: new HashSet<string>(StringComparer.Ordinal),
        List: true,
        Webhooks: true,
        Polling: true);

    // The docs show `/`, `/v1` and `/v1/public` as base paths; the real base URL is configurable and the
    // simulator serves the `v1` form.

    public void ConfigureDefaults(VendorOptions options)
    {
        options.BaseUrl = "https://api.instaview.sk";
        options.RequestsPerMinute = 60;
        options.RequestsPerHour = 2000;
    }

    public void AddServices(VendorServiceBuilder builder)
    {
        builder.AddOptions<InstaViewOptions>();
        builder.AddClient<IInstaViewApi>(Json);
        builder.AddAdapter<InstaViewAdapter>();
        builder.Services.AddKeyedScoped<IVendorWebhookReceiver, InstaViewWebhookReceiver>(VendorKey.Value);
        builder.Services.AddKeyedScoped<IVendorWebhookRegistrar, InstaViewWebhookRegistrar>(VendorKey.Value);
        builder.Services.AddKeyedScoped<IVendorReconciler, InstaViewReconciler>(VendorKey.Value);
        builder.AddSandbox<InstaViewSandbox>();
    }
}
