using InterviewGateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.Run();

/// The entry point, public so integration tests can host it with WebApplicationFactory.
public partial class Program;
