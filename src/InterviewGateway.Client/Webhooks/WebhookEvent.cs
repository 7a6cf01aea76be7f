using System.Text.Json;
using InterviewGateway.Client.Models;

namespace InterviewGateway.Client.Webhooks;

/// <summary>
/// An event as subscribers receive it and <c>ListEventsAsync</c> lists it. Switch on the subclass
/// (<see cref="InterviewCompleted"/>, ...); a type this client version does not know is an
/// <see cref="UnknownEvent"/>.
/// </summary>
public abstract record WebhookEvent
{
    /// <summary>The event id; equals the webhook-id header on every attempt: dedupe on it.</summary>
    public required string Id { get; init; }

    /// <summary>The event type, e.g. <c>interview.completed</c>.</summary>
    public required string Type { get; init; }

    /// <summary>When it happened (interview events: at the vendor).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The payload's schema version.</summary>
    public required string SchemaVersion { get; init; }

    /// <summary>
    /// Interview events: increases per interview; drop one whose sequence is not above the last you saw.
    /// Subscription events: always 1.
    /// </summary>
    public required long Sequence { get; init; }
}

/// <summary>An event about an interview.</summary>
public abstract record InterviewEvent : WebhookEvent
{
    /// <summary>The interview after the change, and how the change was noticed.</summary>
    public required InterviewEventData Data { get; init; }
}

/// <summary>What an interview event carries.</summary>
/// <param name="Interview">The interview after the change (never with vendor data).</param>
/// <param name="DetectedBy">How the gateway noticed the change.</param>
/// <param name="Transcript">Full subscriptions: the transcript, when there is one and the body stays small.</param>
/// <param name="TranscriptTruncated">Full subscriptions: true when the transcript was left out for size.</param>
/// <param name="Sample">True only on samples from <c>TestSubscriptionAsync</c>: never apply those.</param>
public sealed record InterviewEventData(Interview Interview, EventDetection DetectedBy,
    Transcript? Transcript = null, bool? TranscriptTruncated = null, bool? Sample = null);

/// <summary>How the gateway noticed an interview's change.</summary>
public enum EventDetection
{
    /// <summary>By polling the vendor.</summary>
    Poll,

    /// <summary>From the vendor's webhook.</summary>
    VendorWebhook,

    /// <summary>By reconciling with the vendor's list.</summary>
    Reconcile,

    /// <summary>By a read with refresh, a create or a track.</summary>
    Refresh,
}

/// <summary><c>interview.completed</c>: sent once per interview when it completes.</summary>
public sealed record InterviewCompleted : InterviewEvent;

/// <summary><c>interview.status_changed</c>: sent on every status change.</summary>
public sealed record InterviewStatusChanged : InterviewEvent;

/// <summary><c>interview.failed</c>: the vendor reported the interview failed (final).</summary>
public sealed record InterviewFailed : InterviewEvent;

/// <summary><c>interview.cancelled</c>: the vendor reported the interview cancelled (final).</summary>
public sealed record InterviewCancelled : InterviewEvent;

/// <summary><c>interview.updated</c>: a completed interview got its analysis or transcript.</summary>
public sealed record InterviewUpdated : InterviewEvent;

/// <summary><c>subscription.test</c>: a sample from <c>TestSubscriptionAsync</c> (<c>Data.Sample</c>: true).</summary>
public sealed record SubscriptionTest : InterviewEvent;

/// <summary><c>subscription.disabled</c>: a subscription was disabled after a 410 or days of failures.</summary>
public sealed record SubscriptionDisabled : WebhookEvent
{
    /// <summary>The disabled subscription.</summary>
    public required SubscriptionEventData Data { get; init; }
}

/// <summary>What a subscription event carries.</summary>
/// <param name="Subscription">The subscription (never with its secret).</param>
/// <param name="Sample">True only on samples from <c>TestSubscriptionAsync</c>.</param>
public sealed record SubscriptionEventData(Subscription Subscription, bool? Sample = null);

/// <summary>An event of a type this client version does not know; its data is left as JSON.</summary>
public sealed record UnknownEvent : WebhookEvent
{
    /// <summary>The event's data.</summary>
    public required JsonElement Data { get; init; }
}
