using System.Diagnostics;

namespace InterviewGateway.Infrastructure.Observability;

/// The gateway's own spans. Work that continues later (a webhook's follow-up, an event's deliveries,
/// their retries hours on) stores the W3C context it belongs to and starts its span as a child of it,
/// so a completion is one trace from the inbound webhook (or poll) to the last delivery attempt.
internal static class GatewayActivity
{
    public const string SourceName = "InterviewGateway";

    public static readonly ActivitySource Source = new(SourceName);

    /// The current W3C trace id (32 hex digits), or null outside any trace.
    public static string? TraceId => Activity.Current?.TraceId.ToHexString();

    /// The current W3C `traceparent`, to store with work that continues later.
    public static string? TraceParent => Activity.Current?.Id;

    /// Starts `name` as a child of a stored `traceparent`, or as a new trace when there is none.
    public static Activity? StartFrom(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind, parentContext: default);
}
