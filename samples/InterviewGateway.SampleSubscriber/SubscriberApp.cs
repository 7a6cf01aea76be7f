using InterviewGateway.Client.Webhooks;
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

        // The client package verifies the webhook-signature header over "{webhook-id}.{webhook-timestamp}.{raw body}"
        // (Standard Webhooks), rejects timestamps more than 5 minutes from now (replays), and reads the typed event.
        builder.Services.AddSingleton(new WebhookVerifier(secret));
        builder.Services.AddSingleton<EventLedger>();
        var app = builder.Build();

        app.MapPost("/webhooks", ReceiveAsync);
        app.MapGet("/interviews/{id}", (string id, EventLedger ledger) =>
            ledger.Find(id) is { } state ? Results.Ok(state) : Results.NotFound());
        app.MapGet("/stats", (EventLedger ledger) => Results.Ok(ledger.Stats));
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, WebhookVerifier verifier, EventLedger ledger,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SubscriberApp));
        // 1. Verify the raw bytes before using anything: VerifyAsync reads the body as received, never re-serialized.
        WebhookEvent delivered;
        try
        {
            delivered = await verifier.VerifyAsync(request, request.HttpContext.RequestAborted);
        }
        catch (WebhookVerificationException ex)
        {
            ledger.Rejected();
            logger.LogWarning("Rejected a delivery: {Reason}", ex.Message);
            return Results.Unauthorized();
        }

        // 2. Dedupe on the event id (= webhook-id, the same on every retry), 3. order by sequence per interview.
        var outcome = ledger.Apply(delivered);
        logger.LogInformation("{Type} {WebhookId}: {Outcome}", delivered.Type, delivered.Id, outcome);
        // Any 2xx acknowledges: duplicates and stale events too, or the gateway would retry them for days.
        return Results.NoContent();
    }
}
