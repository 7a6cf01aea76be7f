using InterviewGateway.Client;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewGateway.IntegrationTests.Infrastructure;

public sealed partial class GatewayFactory
{
    /// The first-party client, registered as callers register it (resilience handler included), sending
    /// to the in-process server: tests that call the public API use it, so every run exercises the client.
    public IInterviewGatewayClient CreateGatewayClient(string apiKey = AllKey)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddInterviewGatewayClient(o =>
        {
            o.BaseAddress = Server.BaseAddress;
            o.ApiKey = apiKey;
        }).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        return services.BuildServiceProvider().GetRequiredService<IInterviewGatewayClient>();
    }
}
