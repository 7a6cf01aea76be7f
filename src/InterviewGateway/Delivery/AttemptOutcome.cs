using InterviewGateway.Contracts;
namespace InterviewGateway.Delivery;

/// What a scheduled attempt's result means: delivered, retried after the policy's delay, or failed for
/// good (a 410, or the schedule is spent). Pure, so it is unit-tested.
internal static class AttemptOutcome
{
    /// The attempt log line (Succeeded, Pending with its next attempt, or Failed) and the delivery state.
    public static (DeliveryAttempt Recorded, DeliveryState State) Decide(int attempt, SendResult result,
        IReadOnlyList<TimeSpan> schedule, double random01, DateTimeOffset now)
    {
        if (result.Succeeded)
        {
            return (result.Attempt with { Status = DeliveryStatus.Succeeded, NextAttemptAt = null },
                new DeliveryState(DeliveryStateKind.Delivered, attempt, now));
        }

        var next = result.Gone ? null
            : RetryPolicy.NextDelay(attempt, schedule, result.StatusCode, result.TimedOut, result.RetryAfter, random01);
        return next is { } wait
            ? (result.Attempt with { Status = DeliveryStatus.Pending, NextAttemptAt = now + wait },
                new DeliveryState(DeliveryStateKind.Queued, attempt + 1, now + wait))
            : (result.Attempt with { Status = DeliveryStatus.Failed, NextAttemptAt = null },
                new DeliveryState(DeliveryStateKind.Failed, attempt, now));
    }
}
