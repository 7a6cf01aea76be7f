namespace InterviewGateway.Contracts;

internal sealed record TranscriptResponse(string InterviewId, string? Language,
    IReadOnlyList<TranscriptTurnResponse> Turns);
