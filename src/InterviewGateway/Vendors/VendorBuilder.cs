using InterviewGateway.Vendors.Simulators;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Vendors;

/// Registers vendor modules and the shared services they plug into.
internal sealed class VendorBuilder
{
    private readonly IServiceCollection _services;

    public VendorBuilder(IServiceCollection services, bool sandboxByDefault)
    {
        _services = services;
        services.AddOptions<SandboxOptions>().Configure(o => o.Enabled = sandboxByDefault).BindConfiguration("Sandbox");
        services.AddSingleton<VendorCatalog>();
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
        _services.AddSingleton(new VendorDescriptor(module.Key, module.Capabilities, module.SandboxApiPath));
        _services.AddOptions<VendorOptions>(module.Key.Value)
            .Configure(module.ConfigureDefaults)
            .BindConfiguration($"Vendors:{module.Key.ConfigSection}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        module.AddServices(new VendorServiceBuilder(_services, module));
        return this;
    }
}
