using System.Globalization;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// The bookkeeping after each attempt: the attempt log line, the failure streak, and the automatic
/// disable (410 Gone, or every attempt failing for Delivery:DisableAfter).
internal sealed class AttemptLedger(
    ISubscriptionStore subscriptions,
    FailureStreak streak,
    SubscriptionDisabler disabler,
    IOptionsMonitor<DeliveryOptions> options)
{
    public const string GoneReason = "The endpoint answered 410 Gone.";

    public Task RecordAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        subscriptions.AddAttemptAsync(subscriptionId, attempt, cancellationToken);

    /// Disables on 410 Gone (not for a test sample), then counts the attempt in the failure streak.
    public async Task TrackAsync(Subscription subscription, SendResult result, AttemptKind kind,
        CancellationToken cancellationToken)
    {
        if (result.Gone && kind != AttemptKind.Test)
        {
            await disabler.DisableAsync(subscription.Id, GoneReason, cancellationToken);
        }

        await TrackFailuresAsync(subscription, result, cancellationToken);
    }

    /// Every attempt counts, tests and manual retries included: a subscription whose attempts have all
    /// failed for Delivery:DisableAfter is disabled (a 410 is handled above, or not at all for a test).
    private async Task TrackFailuresAsync(Subscription subscription, SendResult result,
        CancellationToken cancellationToken)
    {
        var failing = await streak.RecordAsync(subscription.Id, result.Succeeded, cancellationToken);
        if (failing is { } f && !result.Gone && FailureStreak.ShouldDisable(f.For, options.CurrentValue.DisableAfter))
        {
            var since = f.Since.ToString("O", CultureInfo.InvariantCulture);
            await disabler.DisableAsync(subscription.Id, $"Every delivery attempt failed since {since}.",
                cancellationToken);
        }
    }
}
