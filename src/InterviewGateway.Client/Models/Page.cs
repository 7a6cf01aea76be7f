namespace InterviewGateway.Client.Models;

/// One page of a list; the client follows NextCursor itself, so callers only see items.
internal sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);
