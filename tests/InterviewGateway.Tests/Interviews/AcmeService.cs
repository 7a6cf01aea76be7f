using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Tests.Interviews;

/// An InterviewService over one made-up vendor, `acme`, whose adapter the test supplies.
internal static class AcmeService
{
    public static readonly VendorKey Key = new("acme", "Acme", "Acme");

    public static InterviewService Create(IInterviewStore store, TimeProvider time, IVendorAdapter adapter,
        IEventRelay relay)
    {
        var services = new ServiceCollection().AddKeyedSingleton(Key.Value, adapter).BuildServiceProvider();
        var catalog = new VendorCatalog(
            [new VendorDescriptor(Key, new VendorCapabilities(true, new HashSet<string>(), false, true, false))],
            new StaticOptionsMonitor(new VendorOptions { BaseUrl = "https://acme.test", ApiKey = "k" }),
            Options.Create(new SandboxOptions()));
        return new InterviewService(store, catalog, services, [], relay, new InMemorySharedClock(time),
            new RetentionOptions(), Timeline.Recorder(time), time);
    }

    private sealed class StaticOptionsMonitor(VendorOptions value) : IOptionsMonitor<VendorOptions>
    {
        public VendorOptions CurrentValue => value;

        public VendorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<VendorOptions, string?> listener) => null;
    }
}
