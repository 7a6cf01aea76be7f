namespace InterviewGateway.Contracts;

internal sealed record ListResponse<T>(IReadOnlyList<T> Data, string? NextCursor);
