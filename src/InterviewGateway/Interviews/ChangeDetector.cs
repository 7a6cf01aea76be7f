using InterviewGateway.Contracts;
using InterviewGateway.Events;

namespace InterviewGateway.Interviews;

/// The one place that decides which events a stored change means (contract section 5): every status
/// change, the final ones, and artefacts that arrive after completion.
internal static class ChangeDetector
{
    public static IReadOnlyList<DetectedEvent> Detect(Interview before, Interview after)
    {
        var events = new List<DetectedEvent>();
        if (after.Status != before.Status)
        {
            var status = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(after.Status.ToString());
            var at = after.Status == InterviewStatus.Completed ? after.CompletedAt ?? after.UpdatedAt : after.UpdatedAt;
            events.Add(new DetectedEvent(EventTypes.StatusChanged, status, at));
            var terminal = after.Status switch
            {
                InterviewStatus.Completed => EventTypes.Completed,
                InterviewStatus.Failed => EventTypes.Failed,
                InterviewStatus.Cancelled => EventTypes.Cancelled,
                _ => null,
            };
            if (terminal is not null)
            {
                events.Add(new DetectedEvent(terminal, status, at));
            }
        }
        else if (before.Status == InterviewStatus.Completed)
        {
            if (before.Analysis is null && after.Analysis is not null)
            {
                events.Add(new DetectedEvent(EventTypes.Updated, "analysis", after.UpdatedAt));
            }

            if (before.Transcript is null && after.Transcript is not null)
            {
                events.Add(new DetectedEvent(EventTypes.Updated, "transcript", after.UpdatedAt));
            }
        }

        return events;
    }
}
