using System.Text.Json;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.SampleSubscriber;

/// The whole subscriber: POST /webhooks receives deliveries; GET /interviews/{id} and GET /stats show
/// what it made of them.
public static class SubscriberApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var secret = builder.Configuration["Subscriber:Secret"];
        if (string.IsNullOrWhiteSpace(secret) || !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "Set Subscriber:Secret (env Subscriber__Secret) to the whsec_... secret the subscription "
                + "was created with.");
        }

        // The package verifies the webhook-signature header over "{webhook-id}.{webhook-timestamp}.{raw body}"
        // and rejects timestamps more than 5 minutes away from now (replays).
        builder.Services.AddSingleton(new StandardWebhook(secret));
        builder.Services.AddSingleton<EventLedger>();
        var app = builder.Build();

        app.MapPost("/webhooks", ReceiveAsync);
        app.MapGet("/interviews/{id}", (string id, EventLedger ledger) =>
            ledger.Find(id) is { } state ? Results.Ok(state) : Results.NotFound());
        app.MapGet("/stats", (EventLedger ledger) => Results.Ok(ledger.Stats));
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, StandardWebhook webhook, EventLedger ledger,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SubscriberApp));
        // 1. Verify the raw bytes before parsing anything: a re-serialized body would not verify.
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            webhook.Verify(body, request.Headers);
        }
        catch (WebhookVerificationException ex)
        {
            ledger.Rejected();
            logger.LogWarning("Rejected a delivery: {Reason}", ex.Message);
            return Results.Unauthorized();
        }

        // 2. Dedupe on webhook-id (= the event id, the same on every retry), 3. order by sequence per interview.
        using var json = JsonDocument.Parse(body);
        var outcome = ledger.Apply(request.Headers["webhook-id"].ToString(), json.RootElement);
        logger.LogInformation("{Type} {WebhookId}: {Outcome}", json.RootElement.GetProperty("type").GetString(),
            request.Headers["webhook-id"].ToString(), outcome);
        // Any 2xx acknowledges: duplicates and stale events too, or the gateway would retry them for days.
        return Results.NoContent();
    }
}
