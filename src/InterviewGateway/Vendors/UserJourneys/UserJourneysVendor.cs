using System.Text.Json;
using InterviewGateway.Vendors.Webhooks;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.Vendors.UserJourneys;

/// userjourneys.ai AI user interviews: read and list only (respondents start interviews from a study's
/// link), an `interview.completed` webhook, and polling of tracked interviews as a safety net.
/// Docs: https://docs.userjourneys.ai/api (vendor-docs 004; README section 3).
internal sealed class UserJourneysVendor : IVendorModule
{
    public static readonly VendorKey VendorKey = new("userjourneys", "UserJourneys", "userjourneys.ai");

    public static readonly JsonSerializerOptions Json = VendorJson.Create(JsonNamingPolicy.SnakeCaseLower);

    public VendorKey Key => VendorKey;

    public VendorCapabilities Capabilities { get; } = new(
        Create: false,
        UpdatableFields: new HashSet<string>(StringComparer.Ordinal),
        List: true,
        Webhooks: true,
        Polling: true,
        CreateUnsupportedHint:
            "Share the study's interview_link with `?reference_id=<your id>` appended; the interview comes back "
            + "with that reference_id (participant.external_id). Then start tracking it with "
            + "POST /v1/interviews/track, or wait for its interview.completed webhook, which starts tracking it "
            + "automatically.");


    public void ConfigureDefaults(VendorOptions options)
    {
        options.BaseUrl = "https://app.userjourneys.ai/api/v1";
        // No documented rate limit: one request a second keeps us well clear of an unknown one.
        options.RequestsPerMinute = 60;
    }

    public void AddServices(VendorServiceBuilder builder)
    {
        builder.AddOptions<UserJourneysOptions>();
        builder.AddClient<IUserJourneysApi>(Json);
        builder.AddAdapter<UserJourneysAdapter>();
        builder.Services.AddKeyedScoped<IVendorWebhookReceiver, UserJourneysWebhookReceiver>(VendorKey.Value);
        builder.Services.AddKeyedScoped<IVendorWebhookRegistrar, UserJourneysWebhookRegistrar>(VendorKey.Value);
        builder.Services.AddKeyedScoped<IVendorReconciler, UserJourneysReconciler>(VendorKey.Value);
        builder.AddSandbox<UserJourneysSandbox>();
    }
}
