namespace InterviewGateway.Client.Models;

/// <summary>
/// One request a vendor sent to the gateway's webhook ingress, as the inbound log keeps it (the body itself is
/// never stored).
/// </summary>
/// <param name="Id">Log entry id (what <c>ReplayVendorWebhookAsync</c> takes).</param>
/// <param name="Vendor">The vendor; null when the path names no vendor that sends webhooks.</param>
/// <param name="Path">The path the request came to (at most 80 characters).</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Outcome">Accepted, duplicate or rejected.</param>
/// <param name="Reason">Why it was rejected; null otherwise.</param>
/// <param name="Event">The vendor's event name, when authenticated.</param>
/// <param name="VendorInterviewId">The vendor's interview id, when authenticated.</param>
/// <param name="BodyBytes">Size of the request body.</param>
/// <param name="BodySha256">SHA-256 (hex) of a rejected body.</param>
/// <param name="TraceId">W3C trace id of the request.</param>
public sealed record VendorWebhook(
    string Id, string? Vendor, string Path, DateTimeOffset ReceivedAt, InboundWebhookOutcome Outcome,
    InboundWebhookRejection? Reason, string? Event, string? VendorInterviewId, int BodyBytes, string? BodySha256,
    string? TraceId);

/// <summary>What the gateway did with a vendor's webhook request.</summary>
public enum InboundWebhookOutcome
{
    /// <summary>Verified and applied.</summary>
    Accepted,

    /// <summary>Verified, and already applied before.</summary>
    Duplicate,

    /// <summary>Refused; <see cref="VendorWebhook.Reason"/> says why.</summary>
    Rejected,
}

/// <summary>Why a vendor's webhook request was refused.</summary>
public enum InboundWebhookRejection
{
    /// <summary>The signature did not verify.</summary>
    BadSignature,

    /// <summary>The vendor's webhook secret is not configured.</summary>
    NotConfigured,

    /// <summary>The path names no vendor that sends webhooks.</summary>
    UnknownVendor,

    /// <summary>The body could not be read.</summary>
    MalformedBody,
}

/// <summary>Filters of <c>ListVendorWebhooksAsync</c>.</summary>
/// <param name="Vendor">Only requests to this vendor's path.</param>
/// <param name="Outcome">Only requests with this outcome.</param>
/// <param name="Since">Only requests received at or after this time.</param>
/// <param name="Until">Only requests received at or before this time.</param>
/// <param name="PageSize">Entries per request, 1-100 (the server's default when null).</param>
public sealed record VendorWebhookQuery(
    string? Vendor = null, InboundWebhookOutcome? Outcome = null, DateTimeOffset? Since = null,
    DateTimeOffset? Until = null, int? PageSize = null);

/// <summary>A vendor's request counts over the last hour, day and month.</summary>
/// <param name="Vendor">The vendor's id.</param>
/// <param name="LastHour">The last 60 minutes, one bucket per minute (the current minute last).</param>
/// <param name="LastDay">The last 24 hours, one bucket per hour (the current hour last).</param>
/// <param name="LastMonth">The last 30 days (UTC), one bucket per day (today last).</param>
public sealed record VendorUsage(
    string Vendor, IReadOnlyList<UsageBucket> LastHour, IReadOnlyList<UsageBucket> LastDay,
    IReadOnlyList<UsageBucket> LastMonth);

/// <summary>Requests sent to a vendor in one period.</summary>
/// <param name="Start">Start of the period (UTC).</param>
/// <param name="Count">Requests sent in it.</param>
public sealed record UsageBucket(DateTimeOffset Start, long Count);
