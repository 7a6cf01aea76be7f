using System.Text;
using InterviewGateway.Contracts;
using InterviewGateway.Vendors;

namespace InterviewGateway.Interviews;

/// Renders turns for vendors that send no text of their own.
internal static class TranscriptText
{
    public static string Markdown(Transcript transcript) =>
        string.Join("\n\n", transcript.Turns.Select(t => $"**{Label(t)}:** {t.Text}"));

    public static string Plain(Transcript transcript)
    {
        var text = new StringBuilder();
        foreach (var turn in transcript.Turns)
        {
            text.Append(Label(turn)).Append(": ").Append(turn.Text).Append('\n');
        }

        return text.ToString();
    }

    private static string Label(TranscriptTurn turn) =>
        turn.Name ?? (turn.Speaker == Speaker.Interviewer ? "Interviewer" : "Participant");
}
