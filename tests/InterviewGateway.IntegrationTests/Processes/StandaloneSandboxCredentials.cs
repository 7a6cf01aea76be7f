using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.IntegrationTests.Processes;

/// A standalone simulator's own sandbox credentials, random like a deployment's: gateways under test are
/// configured with the key the simulator generated (`SandboxCredentials.ApiKey`).
internal static class StandaloneSandboxCredentials
{
    public static void Add(IServiceCollection services, IVendorModule module)
    {
        services.AddSingleton<IKeyValueStore, InMemoryKeyValueStore>();
        services.AddSingleton(new RedisKeys("standalone:"));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton(new VendorDescriptor(module.Key, module.Capabilities));
        services.AddSingleton<SandboxCredentials>();
    }
}
