using InterviewGateway;
using InterviewGateway.Infrastructure.Observability;

// `--health`: the container healthcheck mode (probe this instance's /health/ready, exit 0 or 1).
if (HealthProbe.Requested(args))
{
    return await HealthProbe.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.Run();
return 0;

/// The entry point, public so integration tests can host it with WebApplicationFactory.
public partial class Program;
