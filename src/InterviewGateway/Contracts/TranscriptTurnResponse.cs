
namespace InterviewGateway.Contracts;

internal sealed record TranscriptTurnResponse(Speaker Speaker, string? Name, string Text, string? TranslatedText,
    double? OffsetSeconds);
