namespace InterviewGateway.Infrastructure.Auth;

internal sealed class DevelopmentKeyBanner(string key, IHostApplicationLifetime lifetime,
    Microsoft.AspNetCore.Hosting.Server.IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()
                ?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
            Console.WriteLine($"""

                InterviewGateway (Development)
                  API key (all scopes, generated for this run): {key}
                  Swagger UI:  {address}/swagger
                  Try:         curl -H "Authorization: Bearer {key}" {address}/v1/vendors

                """);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
