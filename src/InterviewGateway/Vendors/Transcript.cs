using InterviewGateway.Contracts;

namespace InterviewGateway.Vendors;

internal sealed record TranscriptTurn(
    Speaker Speaker, string? Name, string Text, string? TranslatedText, double? OffsetSeconds);

/// `RawMarkdown` is the vendor's own text where it sends one, served by `format=markdown`.
internal sealed record Transcript(string? Language, IReadOnlyList<TranscriptTurn> Turns, string? RawMarkdown);
