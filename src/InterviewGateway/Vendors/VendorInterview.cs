using System.Text.Json;
using InterviewGateway.Contracts;

namespace InterviewGateway.Vendors;

/// What one vendor read told us, already in the gateway's vocabulary. `Raw` is the vendor payload kept
/// only for `?include=vendor_data`.
internal sealed record VendorInterview
{
    public required string VendorInterviewId { get; init; }
    public required string VendorStatus { get; init; }
    public required InterviewStatus Status { get; init; }
    public Participant? Participant { get; init; }
    public string? Objective { get; init; }
    public string? InterviewUrl { get; init; }
    public bool IsTest { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public int? DurationSeconds { get; init; }
    public string? Summary { get; init; }
    public Transcript? Transcript { get; init; }
    public JsonElement? Analysis { get; init; }
    public JsonElement? Raw { get; init; }
}
