using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewGateway.Simulation;

/// One gateway built from GatewayBuilder's own registrations (AddGateway/UseGateway) on the in-process
/// test server, with its TimeProvider replaced and its background loops left to the simulation: the
/// hosted services and Hangfire processes AddGateway registers are removed, Hangfire's client is SimJobs.
internal sealed class GatewayHost(string name, WebApplication app, TimeProvider time) : IAsyncDisposable
{
    public string Name => name;

    public TimeProvider Time => time;

    public IServiceProvider Services => app.Services;

    public HttpMessageHandler CreateHandler() =>
        ((TestServer)app.Services.GetRequiredService<IServer>()).CreateHandler();

    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient(CreateHandler()) { BaseAddress = new Uri("http://gateway.sim/") };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }

    public static async Task<GatewayHost> StartAsync(string name, TimeProvider time, SimSettings settings,
        ILoggerProvider logs, Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Simulation",
            ApplicationName = typeof(GatewayBuilder).Assembly.GetName().Name,
        });
        builder.Configuration.Sources.Clear();
        ((IConfigurationBuilder)builder.Configuration).Add(settings);
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var framework = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();

        builder.AddGateway();

        var services = builder.Services;
        // The simulation runs these loops itself, in simulated time.
        foreach (var descriptor in services.Where(d => (d.ServiceType == typeof(IHostedService)
            && !framework.Contains(d)) || d.ServiceType == typeof(IBackgroundProcess)).ToList())
        {
            services.Remove(descriptor);
        }

        services.Replace(ServiceDescriptor.Singleton(time));
        configure(services);
        var app = builder.Build();
        app.UseGateway();
        await app.StartAsync();
        return new GatewayHost(name, app, time);
    }

    /// Hangfire's client and recurring manager on this host become `jobs`.
    public static void UseJobs(IServiceCollection services, Func<IServiceProvider, SimJobs> jobs)
    {
        services.RemoveAll<IBackgroundJobClient>();
        services.RemoveAll<IRecurringJobManager>();
        services.AddSingleton(jobs);
        services.AddSingleton<IBackgroundJobClient>(sp => sp.GetRequiredService<SimJobs>());
        services.AddSingleton<IRecurringJobManager>(sp => sp.GetRequiredService<SimJobs>());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
