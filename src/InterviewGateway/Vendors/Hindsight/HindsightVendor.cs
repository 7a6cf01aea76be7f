using System.Text.Json;
using InterviewGateway.Vendors.Hindsight.Simulator;

namespace InterviewGateway.Vendors.Hindsight;

/// Hindsight win-loss interviews: create, read, update; no webhooks and no list, so it is polled.
/// Docs: https://docs.usehindsight.com/api-reference (vendor-docs 000, 002, 003).
internal sealed class HindsightVendor : IVendorModule
{
    public static readonly VendorKey VendorKey = new("hindsight", "Hindsight", "Hindsight");

    public static readonly JsonSerializerOptions Json = VendorJson.Create(JsonNamingPolicy.SnakeCaseLower);

    public VendorKey Key => VendorKey;

    public VendorCapabilities Capabilities { get; } = new(
        Create: true,
        UpdatableFields: new HashSet<string>(StringComparer.Ordinal) { "participant.name", "objective", "context" },
        List: false,
        Webhooks: false,
        Polling: true);


    public void ConfigureDefaults(VendorOptions options)
    {
        options.BaseUrl = "https://app.usehindsight.com/api/v1";
        // The docs contradict themselves (60 vs 10 per minute); the stricter Essentials plan is the default.
        options.RequestsPerMinute = 10;
        options.RequestsPerMonth = 10_000;
    }

    public void AddServices(VendorServiceBuilder builder)
    {
        builder.AddOptions<HindsightOptions>();
        builder.AddClient<IHindsightApi>(Json);
        builder.AddAdapter<HindsightAdapter>();
        builder.AddSandbox<HindsightSandbox>();
    }
}
