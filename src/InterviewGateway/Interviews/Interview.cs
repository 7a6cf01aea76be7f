using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Vendors;

namespace InterviewGateway.Interviews;

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
