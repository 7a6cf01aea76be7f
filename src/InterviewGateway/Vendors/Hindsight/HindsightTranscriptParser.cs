using System.Text.RegularExpressions;
using InterviewGateway.Contracts;

namespace InterviewGateway.Vendors.Hindsight;

/// Hindsight sends one markdown string, a turn per `**Name:** message`; a message may run over several
/// lines until the next `**Name:**`. Text before the first turn is kept as an interviewer preamble.
internal static partial class HindsightTranscriptParser
{
    public static IReadOnlyList<TranscriptTurn> Parse(string markdown, string interviewerName)
    {
        var turns = new List<TranscriptTurn>();
        string? name = null;
        var text = new List<string>();

        void Flush()
        {
            var joined = string.Join('\n', text).Trim();
            if (joined.Length > 0)
            {
                var speaker = name is null || string.Equals(name, interviewerName, StringComparison.OrdinalIgnoreCase)
                    ? Speaker.Interviewer
                    : Speaker.Participant;
                turns.Add(new TranscriptTurn(speaker, name, joined, null, null));
            }

            text.Clear();
        }

        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            var match = TurnStart().Match(line);
            if (match.Success)
            {
                Flush();
                name = match.Groups["name"].Value.Trim();
                text.Add(match.Groups["text"].Value);
            }
            else
            {
                text.Add(line);
            }
        }

        Flush();
        return turns;
    }

    [GeneratedRegex(@"^\s*\*\*(?<name>[^*\n]{1,100}?):\*\*\s?(?<text>.*)$")]
    private static partial Regex TurnStart();
}
