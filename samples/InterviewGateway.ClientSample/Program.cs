using System.Text.Json;
using InterviewGateway.Client;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;

// dotnet run -- <gateway URL> <API key> <loopback URL this sample listens on for one delivery>
var builder = WebApplication.CreateBuilder();
builder.Services.AddInterviewGatewayClient(o => (o.BaseAddress, o.ApiKey) = (new Uri(args[0]), args[1]));
builder.WebHost.UseUrls(args[2]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var gateway = app.Services.GetRequiredService<IInterviewGatewayClient>();

var created = await gateway.CreateInterviewAsync(new("hindsight", new(Email: "jane@example.com"), "Why did we lose?",
    Options: JsonSerializer.SerializeToElement(new { sequence_id = "seq_demo" }))); // a vendor's own field
Console.WriteLine($"created {created.Id}: {created.Status}");
await gateway.UntrackInterviewAsync(created.Id); // so that tracking it below starts anew
var tracked = await gateway.TrackInterviewAsync(new("hindsight", created.VendorInterviewId));
Console.WriteLine($"tracked {tracked.Interview.Id} (new: {tracked.Created})");
await foreach (var e in gateway.ListEventsAsync(new EventQuery(PageSize: 5)))
{
    Console.WriteLine($"event {e.Type} #{e.Sequence} {e.Id}");
}

// Receive one delivery (a sample event) and verify it in one call.
var subscription = await gateway.CreateSubscriptionAsync(new($"{args[2]}/webhooks", ["subscription.test"]));
var received = new TaskCompletionSource<WebhookEvent>();
app.MapPost("/webhooks", async (HttpRequest request) =>
{
    var verifier = new WebhookVerifier(subscription.Secret);
    received.TrySetResult(await verifier.VerifyAsync(request, request.HttpContext.RequestAborted));
    return Results.NoContent();
});
await app.StartAsync();
await gateway.TestSubscriptionAsync(subscription.Id, "subscription.test");
var delivered = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"verified {delivered.Type} {delivered.Id}");
await gateway.DeleteSubscriptionAsync(subscription.Id);
await app.StopAsync();
