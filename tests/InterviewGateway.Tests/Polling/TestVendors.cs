using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using Microsoft.Extensions.Options;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Tests.Polling;

/// A one-vendor catalog and options monitors for the polling tests, without a host.
internal static class TestVendors
{
    public static OptionsMonitor<T> Monitor<T>(Action<T> configure)
        where T : class =>
        new(new OptionsFactory<T>([new ConfigureNamedOptions<T>(null, configure)], []), [], new OptionsCache<T>());

    public static VendorCatalog Catalog(VendorKey vendor, bool webhooks, Action<VendorOptions> configure)
    {
        var capabilities = new VendorCapabilities(
            Create: true, new HashSet<string>(), List: webhooks, webhooks, Polling: true);
        var sandbox = Options.Create(new SandboxOptions());
        return new VendorCatalog([new VendorDescriptor(vendor, capabilities)], Monitor(configure), sandbox);
    }
}

/// A poll target for plans that never poll: every interview is finished.
internal sealed class NoPoll : IPollTarget
{
    public Task<PollOutcome> PollAsync(
        VendorKey vendor,
        string interviewId,
        Func<DateTimeOffset, DateTimeOffset> nextCheck,
        CancellationToken cancellationToken) =>
        Task.FromResult(new PollOutcome(null));
}
