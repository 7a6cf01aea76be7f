using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Delivery;

/// How long every attempt to a subscription has failed (contract section 6: disabled after
/// `Delivery:DisableAfter`). "Failing since" is set by the first failure after a success and cleared by
/// any success or a re-enable; a key per subscription, so attempts never rewrite the subscription.
internal sealed class FailureStreak(IKeyValueStore marks, RedisKeys keys, TimeProvider time)
{
    /// Records an attempt's outcome; null after a success, else how long the failures have lasted.
    public async Task<(DateTimeOffset Since, TimeSpan For)?> RecordAsync(string subscriptionId, bool succeeded, CancellationToken cancellationToken)
    {
        var key = keys.SubscriptionFailingSince(subscriptionId);
        if (succeeded)
        {
            await marks.DeleteAsync(key, cancellationToken);
            return null;
        }

        var now = time.GetUtcNow();
        await marks.SetIfAbsentAsync(key, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), IEventStore.Retention, cancellationToken);
        var stored = await marks.GetAsync(key, cancellationToken);
        var since = long.TryParse(stored, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        return (since, now - since);
    }

    public Task ResetAsync(string subscriptionId, CancellationToken cancellationToken) =>
        marks.DeleteAsync(keys.SubscriptionFailingSince(subscriptionId), cancellationToken);

    public static bool ShouldDisable(TimeSpan failingFor, TimeSpan disableAfter) => failingFor >= disableAfter;
}
