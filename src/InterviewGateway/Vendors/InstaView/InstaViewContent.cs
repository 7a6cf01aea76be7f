using System.Text.Json;
using InterviewGateway.Contracts;

namespace InterviewGateway.Vendors.InstaView;

/// The parts of an InstaView interview whose shape is undocumented (call attempts, analysis summary,
/// transcript): read tolerantly, and a missing or odd field is simply absent, never an error.
internal static class InstaViewContent
{
    private static readonly string[] AttemptTimes = ["startedAt", "startTime", "startedDate", "createdAt", "timestamp"];
    private static readonly string[] TurnLists = ["turns", "messages", "segments", "items", "entries"];
    private static readonly string[] SpeakerNames = ["role", "speaker", "from", "author", "type"];
    private static readonly string[] TextNames = ["text", "content", "message", "transcript", "utterance"];
    private static readonly string[] OffsetNames = [
        "offsetSeconds", "start", "startTime", "time", "offset", "timestamp"];
    private static readonly HashSet<string> InterviewerRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "agent", "assistant", "ai", "bot", "interviewer", "system",
    };

    /// The first call attempt's start if it has one; else, for a finished interview, its finish minus
    /// its duration. `scheduledAt` is not used: an interview may start late or not at all.
    public static DateTimeOffset? StartedAt(JsonElement? callAttempts, DateTimeOffset? finished, int? durationSeconds)
    {
        if (callAttempts is { ValueKind: JsonValueKind.Array } attempts)
        {
            var first = attempts.EnumerateArray()
                .Select(a =>
                    a.ValueKind == JsonValueKind.Object
                    ? AttemptTimes.Select(n => Date(a, n)).FirstOrDefault(d => d is not null) : null)
                .Where(d => d is not null)
                .Min();
            if (first is not null)
            {
                return first;
            }
        }

        return finished is { } end && durationSeconds is { } seconds ? end.AddSeconds(-seconds) : null;
    }

    /// `analysis.general` holds the overall assessment (001); its field names are not documented, so the
    /// first string whose name mentions a summary (then an assessment) is taken.
    public static string? Summary(JsonElement? analysis)
    {
        if (analysis is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        foreach (var node in new[] { root.TryGetProperty("general", out var general) ? general : default, root })
        {
            if (node.ValueKind == JsonValueKind.String && node.GetString() is { Length: > 0 } text)
            {
                return text;
            }

            if (node.ValueKind == JsonValueKind.Object)
            {
                var strings = node.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > 0).ToArray();
                var pick = strings.FirstOrDefault(
                    p => p.Name.Contains("summary", StringComparison.OrdinalIgnoreCase)).Value;
                if (pick.ValueKind == JsonValueKind.Undefined)
                {
                    pick = strings.FirstOrDefault(
                        p => p.Name.Contains("assessment", StringComparison.OrdinalIgnoreCase)).Value;
                }

                if (pick.ValueKind == JsonValueKind.String)
                {
                    return pick.GetString();
                }
            }
        }

        return null;
    }

    /// Included "when available" (001) under an undocumented name and shape: a `transcript` array of
    /// turns, an object holding one, or plain text (kept raw, lines of `Speaker: text` become turns).
    public static Transcript? ReadTranscript(JsonElement? transcript)
    {
        switch (transcript)
        {
            case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 0 } raw:
                return new Transcript(null, ParseText(raw), raw);
            case { ValueKind: JsonValueKind.Array } array:
                var turns = array.EnumerateArray().Select(Turn).OfType<TranscriptTurn>().ToArray();
                return turns.Length > 0 ? new Transcript(null, turns, null) : null;
            case { ValueKind: JsonValueKind.Object } obj:
                var language = obj.TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.String
                    ? lang.GetString() : null;
                var inner = TurnLists.Select(n => obj.TryGetProperty(n, out var list) ? list : default)
                    .FirstOrDefault(l => l.ValueKind == JsonValueKind.Array);
                return inner.ValueKind == JsonValueKind.Array && ReadTranscript(inner) is { } found
                    ? found with { Language = language } : null;
            default:
                return null;
        }
    }

    private static TranscriptTurn? Turn(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = TextNames.Select(n => String(item, n)).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (text is null)
        {
            return null;
        }

        var who = SpeakerNames.Select(n => String(item, n)).FirstOrDefault(s => s is not null);
        var offset = OffsetNames
            .Select(n => item.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : (double?)null)
            .FirstOrDefault(o => o is not null);
        return new TranscriptTurn(
            who is not null && InterviewerRoles.Contains(who) ? Speaker.Interviewer : Speaker.Participant, who, text,
            null, offset);
    }

    private static TranscriptTurn[] ParseText(string raw)
    {
        var turns = new List<TranscriptTurn>();
        var lines = raw.ReplaceLineEndings("\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon is > 0 and <= 40 && line[(colon + 1)..].Trim() is { Length: > 0 } said)
            {
                var who = line[..colon].Trim();
                var speaker = InterviewerRoles.Contains(who) ? Speaker.Interviewer : Speaker.Participant;
                turns.Add(new TranscriptTurn(speaker, who, said, null, null));
            }
            else if (turns.Count > 0)
            {
                turns[^1] = turns[^1] with { Text = turns[^1].Text + "\n" + line };
            }
            else
            {
                turns.Add(new TranscriptTurn(Speaker.Interviewer, null, line, null, null));
            }
        }

        return [.. turns];
    }

    private static string? String(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement node, string name) =>
        String(node, name) is { } text && DateTimeOffset.TryParse(text,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal,
            out var at)
            ? at
            : null;
}
