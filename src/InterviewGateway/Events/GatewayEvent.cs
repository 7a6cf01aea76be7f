using System.Security.Cryptography;
using System.Text;
using InterviewGateway.Interviews;

namespace InterviewGateway.Events;

internal static class EventTypes
{
    public const string Completed = "interview.completed";
    public const string StatusChanged = "interview.status_changed";
    public const string Failed = "interview.failed";
    public const string Cancelled = "interview.cancelled";
    public const string Updated = "interview.updated";
    public const string SubscriptionTest = "subscription.test";
    public const string SubscriptionDisabled = "subscription.disabled";

    public static readonly string[] All = [Completed, StatusChanged, Failed, Cancelled, Updated, SubscriptionTest, SubscriptionDisabled];

    public const string SchemaVersion = "2026-11-01";
}

/// A stored event: `Body` is the exact JSON pushed to subscribers and listed at GET /v1/events.
internal sealed record GatewayEvent(string Id, string Type, string InterviewId, string Vendor, DateTimeOffset Timestamp, long Sequence, string Body)
{
    /// When the gateway stored it (Timestamp is when the vendor completed it).
    public DateTimeOffset StoredAt { get; init; }
}

/// One event a change implies; `Discriminator` makes the id unique per fact (the new status, or
/// which late artefact arrived), so the same fact found twice has the same id.
internal sealed record DetectedEvent(string Type, string Discriminator, DateTimeOffset Timestamp)
{
    public string IdFor(string interviewId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{interviewId}|{Type}|{Discriminator}"));
        return "evt_" + Convert.ToHexStringLower(hash)[..26];
    }
}

/// The one place that decides which events a stored change means (contract section 5).
internal static class CompletionDetector
{
    public static IReadOnlyList<DetectedEvent> Detect(Interview before, Interview after)
    {
        var events = new List<DetectedEvent>();
        if (after.Status != before.Status)
        {
            var status = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(after.Status.ToString());
            var at = after.Status == InterviewStatus.Completed ? after.CompletedAt ?? after.UpdatedAt : after.UpdatedAt;
            events.Add(new DetectedEvent(EventTypes.StatusChanged, status, at));
            var terminal = after.Status switch
            {
                InterviewStatus.Completed => EventTypes.Completed,
                InterviewStatus.Failed => EventTypes.Failed,
                InterviewStatus.Cancelled => EventTypes.Cancelled,
                _ => null,
            };
            if (terminal is not null)
            {
                events.Add(new DetectedEvent(terminal, status, at));
            }
        }
        else if (before.Status == InterviewStatus.Completed)
        {
            if (before.Analysis is null && after.Analysis is not null)
            {
                events.Add(new DetectedEvent(EventTypes.Updated, "analysis", after.UpdatedAt));
            }

            if (before.Transcript is null && after.Transcript is not null)
            {
                events.Add(new DetectedEvent(EventTypes.Updated, "transcript", after.UpdatedAt));
            }
        }

        return events;
    }
}
