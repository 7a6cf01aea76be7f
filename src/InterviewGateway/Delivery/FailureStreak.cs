using System.Collections.Concurrent;
using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Delivery;

/// How long every attempt to a subscription has failed (contract section 6: disabled after
/// `Delivery:DisableAfter`). "Failing since" is set by the first failure after a success and cleared by
/// any success or a re-enable; a key per subscription, so attempts never rewrite the subscription.
/// A run of successes clears the key once a second per instance, not on every delivery.
internal sealed class FailureStreak(IKeyValueStore marks, RedisKeys keys, TimeProvider time)
{
    private static readonly TimeSpan ClearEvery = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _clearedAt = new(StringComparer.Ordinal);

    /// Records an attempt's outcome; null after a success, else how long the failures have lasted.
    public async Task<(DateTimeOffset Since, TimeSpan For)?> RecordAsync(string subscriptionId, bool succeeded,
        CancellationToken cancellationToken)
    {
        var key = keys.SubscriptionFailingSince(subscriptionId);
        var now = time.GetUtcNow();
        if (succeeded)
        {
            if (!_clearedAt.TryGetValue(subscriptionId, out var cleared) || now - cleared >= ClearEvery)
            {
                await marks.DeleteAsync(key, cancellationToken);
                _clearedAt[subscriptionId] = now;
            }

            return null;
        }

        _clearedAt.TryRemove(subscriptionId, out _);
        var nowMs = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await marks.SetIfAbsentAsync(key, nowMs, IEventStore.Retention, cancellationToken);
        var stored = await marks.GetAsync(key, cancellationToken);
        var since = long.TryParse(stored, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : now;
        return (since, now - since);
    }

    public Task ResetAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        _clearedAt.TryRemove(subscriptionId, out _);
        return marks.DeleteAsync(keys.SubscriptionFailingSince(subscriptionId), cancellationToken);
    }

    public static bool ShouldDisable(TimeSpan failingFor, TimeSpan disableAfter) => failingFor >= disableAfter;
}
