using System.Globalization;
using System.Text.Json.Nodes;

namespace InterviewGateway.Vendors.InstaView.Simulator;

/// One interview the InstaView simulator holds, and its JSON as the vendor documents it (vendor-docs 001, I5).
internal sealed class InstaViewSimulatedInterview
{
    public required string Id { get; init; }
    public required string CandidateId { get; init; }
    public required string AgentId { get; init; }
    public string? JobId { get; init; }
    public bool IsTest { get; init; }
    public required string Company { get; init; }
    public required string Status { get; set; }
    public DateTimeOffset ScheduledAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedDate { get; set; }

    public static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void Finish(DateTimeOffset now)
    {
        Status = "COMPLETED";
        FinishedDate = now;
        UpdatedAt = now;
    }

    /// The interview as `GET /interviews/{id}` returns it (inside the envelope); callers hold its lock.
    public JsonObject ToJson()
    {
        var done = Status == "COMPLETED";
        return new JsonObject
        {
            ["id"] = Id,
            ["candidateId"] = CandidateId,
            ["agentId"] = AgentId,
            ["jobId"] = JobId,
            ["status"] = Status,
            ["scheduledAt"] = Stamp(ScheduledAt),
            ["createdAt"] = Stamp(CreatedAt),
            ["updatedAt"] = Stamp(UpdatedAt),
            ["durationMinutes"] = done ? 12 : null,
            ["finishedDate"] = FinishedDate is { } f ? Stamp(f) : null,
            ["metadata"] = new JsonObject(),
            ["callAttempts"] = new JsonArray(),
            ["analysis"] = done
                ? new JsonObject
                {
                    ["general"] = new JsonObject
                    {
                        ["summary"] =
                            "Strong communicator with solid backend experience; recommended for the next round.",
                        ["score"] = 78,
                        ["recommendation"] = "PROCEED",
                    },
                    ["specific"] = null,
                }
                : null,
            ["transcript"] = done
                ? new JsonArray(
                    Turn("agent", "Hello, thanks for joining. Tell me about your last project.", 0.0),
                    Turn("candidate", "I led the migration of our billing service to .NET.", 6.5))
                : null,
            ["isTest"] = IsTest,
        };
    }

    private static JsonObject Turn(string role, string text, double start) =>
        new() { ["role"] = role, ["text"] = text, ["start"] = start };
}
