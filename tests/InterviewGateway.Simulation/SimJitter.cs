using InterviewGateway.Delivery;
using InterviewGateway.Events;

namespace InterviewGateway.Simulation;

/// The gateway's retry jitter (RetryJitter), keyed by names that are the same in every replay of a seed: the
/// interview's actors, the event's type and when it was stored, and the subscriber's URL (which names its
/// actor). The gateway's own ids are not, since the simulated vendors' interview ids are random GUIDs.
internal static class SimJitter
{
    public static Func<GatewayEvent, Subscription, int, double> For(SimulationContext context) =>
        (stored, subscription, attempt) => RetryJitter.For(
            $"{context.Options.Seed}/{string.Join('+', context.ActorsOf(stored.InterviewId))}/{stored.Type}/"
            + $"{stored.StoredAt.UtcTicks}", subscription.Url, attempt);
}
