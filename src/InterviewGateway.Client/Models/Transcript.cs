namespace InterviewGateway.Client.Models;

/// <summary>An interview's transcript as turns.</summary>
/// <param name="InterviewId">The interview's gateway id.</param>
/// <param name="Language">The language, when the vendor says.</param>
/// <param name="Turns">What was said, in order.</param>
public sealed record Transcript(string InterviewId, string? Language, IReadOnlyList<TranscriptTurn> Turns);

/// <summary>One turn of a transcript.</summary>
/// <param name="Speaker">Who spoke.</param>
/// <param name="Name">The speaker's name.</param>
/// <param name="Text">What was said.</param>
/// <param name="TranslatedText">A translation, when the vendor made one.</param>
/// <param name="OffsetSeconds">When, from the start.</param>
public sealed record TranscriptTurn(Speaker Speaker, string? Name, string Text, string? TranslatedText,
    double? OffsetSeconds);

/// <summary>Who spoke a turn.</summary>
public enum Speaker
{
    /// <summary>The interviewer (AI).</summary>
    Interviewer,

    /// <summary>The participant.</summary>
    Participant,
}

/// <summary>The text forms of a transcript.</summary>
public enum TranscriptTextFormat
{
    /// <summary>The vendor's markdown.</summary>
    Markdown,

    /// <summary>Plain text.</summary>
    Text,
}
