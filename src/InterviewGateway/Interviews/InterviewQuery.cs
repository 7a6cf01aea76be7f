using InterviewGateway.Contracts;

namespace InterviewGateway.Interviews;

internal sealed record InterviewQuery(
    int Limit, string? Cursor, string? Vendor, InterviewStatus? Status, DateTimeOffset? UpdatedAfter)
{
    public bool Matches(Interview interview) =>
        (Vendor is null || interview.Vendor == Vendor)
        && (Status is null || interview.Status == Status)
        && (UpdatedAfter is null || interview.UpdatedAt > UpdatedAfter);
}

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
