using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Vendors;

/// Registers vendor modules and the shared services they plug into.
internal sealed class VendorBuilder
{
    private readonly IServiceCollection _services;
    private readonly List<VendorDescriptor> _added = [];

    public VendorBuilder(IServiceCollection services, bool sandboxByDefault)
    {
        _services = services;
        services.AddOptions<SandboxOptions>().Configure(o => o.Enabled = sandboxByDefault).BindConfiguration("Sandbox");
        services.AddSingleton<VendorCatalog>();
        services.AddStore<IBudgetStore, InMemoryBudgetStore, RedisBudgetStore>();
        services.AddSingleton<IVendorBudget, VendorBudget>();
        services.AddSingleton<UnknownStatusLog>();
        services.AddTransient<SandboxLoopbackHandler>();
        // The simulators' shared parts; the sandbox host (its startup and test subscriber) is AddSandbox.
        services.AddSingleton<SandboxCredentials>();
        services.AddSandboxCallbacks();
    }

    public VendorBuilder Add<TModule>()
        where TModule : IVendorModule, new()
    {
        var module = new TModule();
        _services.AddSingleton<IVendorModule>(module);
        var descriptor = new VendorDescriptor(module.Key, module.Capabilities);
        _added.Add(descriptor);
        _services.AddSingleton(descriptor);
        _services.AddOptions<VendorOptions>(module.Key.Value)
            .Configure(module.ConfigureDefaults)
            .BindConfiguration($"Vendors:{module.Key.ConfigSection}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        module.AddServices(new VendorServiceBuilder(_services, module));
        return this;
    }

    /// What was added; areas that act per vendor (polling) take it, so they are registered after vendors.
    public RegisteredVendors Registered => new([.. _added]);
}
