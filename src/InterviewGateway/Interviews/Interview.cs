using System.Text.Json;

namespace InterviewGateway.Interviews;

internal sealed record Participant(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    string? ExternalId = null,
    string? VendorParticipantId = null)
{
    /// Fill what this snapshot lacks from `known`: vendors often omit what the caller told us.
    public Participant Over(Participant? known) => known is null ? this : new Participant(
        Name ?? known.Name, Email ?? known.Email, Phone ?? known.Phone, ExternalId ?? known.ExternalId,
        VendorParticipantId ?? known.VendorParticipantId);
}

internal enum TrackingMode
{
    Poll,
    Webhook,
}

internal enum TrackingState
{
    Active,
    Stopped,
}

internal sealed record Tracking(TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt, DateTimeOffset? NextCheckAt);

/// The stored interview. `Version` guards read-modify-write races between requests, pollers, webhooks
/// and other instances (compare-and-swap in the store).
internal sealed record Interview
{
    public required string Id { get; init; }
    public required string Vendor { get; init; }
    public required string VendorInterviewId { get; init; }
    public required InterviewStatus Status { get; init; }
    public InterviewStatus? PreviousStatus { get; init; }
    public string? VendorStatus { get; init; }
    public Participant Participant { get; init; } = new();
    public string? Objective { get; init; }
    public JsonElement? Context { get; init; }
    public string? InterviewUrl { get; init; }
    public bool IsTest { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public int? DurationSeconds { get; init; }
    public string? Summary { get; init; }
    public Transcript? Transcript { get; init; }
    public JsonElement? Analysis { get; init; }
    public required Tracking Tracking { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public JsonElement? VendorData { get; init; }
    public required DateTimeOffset TrackedSince { get; init; }
    public long Version { get; init; }

    public static string MakeId(string vendor, string vendorInterviewId) => $"{vendor}_{vendorInterviewId}";
}
