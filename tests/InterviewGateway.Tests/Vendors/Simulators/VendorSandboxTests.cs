using InterviewGateway.Tests.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.Hindsight.Simulator;
using InterviewGateway.Vendors.Simulators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Tests.Vendors.Simulators;

/// Issue 20: a simulator is optional (IVendorSandbox), registered only by a module that has one.
public sealed class VendorSandboxTests
{
    private static readonly VendorKey Acme = new("acme", "Acme", "Acme");

    [Fact]
    public void A_vendor_without_a_simulator_is_not_configured_in_sandbox_mode_without_its_key()
    {
        var capabilities = new VendorCapabilities(Create: true, new HashSet<string>(), false, false, Polling: true);
        var catalog = new VendorCatalog([new VendorDescriptor(Acme, capabilities)],
            TestVendors.Monitor<VendorOptions>(o => o.BaseUrl = "https://acme.test"),
            Options.Create(new SandboxOptions { Enabled = true }));

        var connection = catalog.Connection(Acme);

        Assert.False(connection.Configured);
        Assert.False(connection.Sandbox);
    }

    [Fact]
    public void AddSandbox_registers_the_simulator_its_options_and_the_sandbox()
    {
        var services = new ServiceCollection();

        new VendorServiceBuilder(services, new HindsightVendor()).AddSandbox<HindsightSandbox>();

        var sandbox = Assert.IsType<HindsightSandbox>(
            services.Single(d => d.ServiceType == typeof(IVendorSandbox)).ImplementationInstance);
        Assert.Equal(("hindsight", "api/v1"), (sandbox.Key.Value, sandbox.ApiPath));
        Assert.Contains(services, d => d.ServiceType == typeof(HindsightSimulator));
    }
}
