using System.Globalization;
using System.Net;
using InterviewGateway.Contracts;

namespace InterviewGateway.Delivery;

/// Disabled subscriptions: attempts held back while disabled and resumed on re-enable, and the
/// automatic disable (410 Gone, or every attempt failing for Delivery:DisableAfter).
internal sealed partial class DeliveryService
{
    /// Parks a due attempt of a disabled subscription. If it was re-enabled since we read it, the
    /// enable may already have resumed the others, so this one is resumed at once.
    private async Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        await subscriptions.HoldAsync(subscriptionId, eventId, attempt, cancellationToken);
        if (await subscriptions.GetAsync(subscriptionId, cancellationToken) is { Enabled: true })
        {
            await ResumeHeldAsync(subscriptionId, cancellationToken);
        }
    }

    /// Re-enqueues the attempts held while the subscription was disabled, each once (taken atomically).
    public async Task<int> ResumeHeldAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var held = (await subscriptions.TakeHeldAsync(subscriptionId, cancellationToken)).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            try
            {
                await EnqueueAsync(held[i].Key, subscriptionId, held[i].Value, cancellationToken);
            }
            catch
            {
                // The queue failed (Redis): put back what was not enqueued, for the next enable or recover.
                foreach (var (eventId, attempt) in held.Skip(i))
                {
                    await subscriptions.HoldAsync(subscriptionId, eventId, attempt, CancellationToken.None);
                }

                throw;
            }
        }

        return held.Count;
    }

    /// Re-enabling gives the subscription a fresh failure window (not a PATCH that only repeats
    /// `enabled: true`) and resumes whatever was held back.
    public async Task OnEnabledAsync(string subscriptionId, bool wasDisabled, CancellationToken cancellationToken)
    {
        if (wasDisabled)
        {
            await streak.ResetAsync(subscriptionId, cancellationToken);
        }

        await ResumeHeldAsync(subscriptionId, cancellationToken);
    }

    /// Every attempt counts, tests and manual retries included: a subscription whose attempts have all
    /// failed for Delivery:DisableAfter is disabled.
    private async Task TrackFailuresAsync(Subscription subscription, SendResult result, CancellationToken cancellationToken)
    {
        var failing = await streak.RecordAsync(subscription.Id, result.Status == DeliveryStatus.Succeeded, cancellationToken);
        if (failing is { } f && result.StatusCode != (int)HttpStatusCode.Gone && FailureStreak.ShouldDisable(f.For, options.CurrentValue.DisableAfter))
        {
            await DisableAsync(subscription.Id, $"Every delivery attempt failed since {f.Since.ToString("O", CultureInfo.InvariantCulture)}.", cancellationToken);
        }
    }

    /// Compare-and-swap on the stored subscription: the send may have taken seconds, during which it
    /// was changed (kept) or deleted (stays deleted).
    private async Task DisableAsync(string subscriptionId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var disabled = await subscriptions.UpdateAsync(subscriptionId,
            current => current.Enabled ? current with { Enabled = false, DisabledReason = reason, DisabledAt = now, UpdatedAt = now } : null,
            cancellationToken);
        if (disabled is null)
        {
            return; // deleted, or already disabled (by the API or a concurrent attempt): one event only
        }

        snapshot.Invalidate();
        Log.Disabled(logger, subscriptionId, reason);
        await publisher.PublishSubscriptionDisabledAsync(disabled, cancellationToken);
    }
}
