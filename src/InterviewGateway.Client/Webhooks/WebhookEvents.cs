using System.Text.Json;
using InterviewGateway.Client.Http;

namespace InterviewGateway.Client.Webhooks;

/// <summary>Reads an event body into its typed <see cref="WebhookEvent"/>.</summary>
public static class WebhookEvents
{
    /// <summary>Each event type of the gateway's catalog and the class it reads into.</summary>
    public static IReadOnlyDictionary<string, Type> Types { get; } = new Dictionary<string, Type>
    {
        ["interview.completed"] = typeof(InterviewCompleted),
        ["interview.status_changed"] = typeof(InterviewStatusChanged),
        ["interview.failed"] = typeof(InterviewFailed),
        ["interview.cancelled"] = typeof(InterviewCancelled),
        ["interview.updated"] = typeof(InterviewUpdated),
        ["subscription.test"] = typeof(SubscriptionTest),
        ["subscription.disabled"] = typeof(SubscriptionDisabled),
    };

    /// <summary>Reads an event body (already verified, or from <c>ListEventsAsync</c>).</summary>
    /// <param name="body">The event JSON.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="JsonException">The body is not an event.</exception>
    public static WebhookEvent Parse(JsonElement body)
    {
        // Dispatch by hand: System.Text.Json's polymorphism wants the discriminator first, and `type` is second.
        var type = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("type", out var t)
            && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : throw new JsonException("An event body is a JSON object with a string `type`.");
        var target = Types.GetValueOrDefault(type) ?? typeof(UnknownEvent);
        return (WebhookEvent)(body.Deserialize(target, ClientJson.Options)
            ?? throw new JsonException("An event body cannot be null."));
    }

    /// <summary>Reads an event body from its text.</summary>
    /// <param name="body">The event JSON.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="JsonException">The body is not an event.</exception>
    public static WebhookEvent Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return Parse(document.RootElement);
    }
}
