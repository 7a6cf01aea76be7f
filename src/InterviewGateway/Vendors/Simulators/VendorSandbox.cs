namespace InterviewGateway.Vendors.Simulators;

/// The usual sandbox: one simulator singleton and its options, bound from `Sandbox:{ConfigSection}`.
internal abstract class VendorSandbox<TSimulator, TOptions> : IVendorSandbox
    where TSimulator : class
    where TOptions : class
{
    public abstract VendorKey Key { get; }

    public abstract string ApiPath { get; }

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton<TSimulator>();
        services.AddOptions<TOptions>().BindConfiguration($"Sandbox:{Key.ConfigSection}")
            .ValidateDataAnnotations().ValidateOnStart();
    }

    public abstract void Map(RouteGroupBuilder sandbox);
}
