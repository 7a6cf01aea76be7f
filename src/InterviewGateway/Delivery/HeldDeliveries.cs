namespace InterviewGateway.Delivery;

/// Attempts that fell due while their subscription was disabled: held back (nothing is sent while
/// disabled) and resumed on re-enable, each once.
internal sealed class HeldDeliveries(ISubscriptionStore subscriptions, IDeliveryQueue queue, FailureStreak streak)
{
    /// Parks a due attempt of a disabled subscription. If it was re-enabled since we read it, the
    /// enable may already have resumed the others, so this one is resumed at once.
    public async Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        await subscriptions.HoldAsync(subscriptionId, eventId, attempt, cancellationToken);
        if (await subscriptions.GetAsync(subscriptionId, cancellationToken) is { Enabled: true })
        {
            await ResumeAsync(subscriptionId, cancellationToken);
        }
    }

    /// Re-enqueues the attempts held while the subscription was disabled, each once (taken atomically).
    public async Task<int> ResumeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var held = (await subscriptions.TakeHeldAsync(subscriptionId, cancellationToken)).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            try
            {
                await queue.EnqueueAsync(subscriptionId, held[i].Key, held[i].Value, cancellationToken);
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

        await ResumeAsync(subscriptionId, cancellationToken);
    }
}
