using InterviewGateway.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// Held-back deliveries behave the same in memory and in Redis: a later hold of the same event wins,
/// taking empties the set, and deleting the subscription forgets them.
public abstract class SubscriptionStoreContract
{
    internal abstract ISubscriptionStore Store { get; }

    /// Fan-out reloads the subscription list only when this counter moved (SubscriptionSnapshot), so every
    /// change must move it, and an update that changes nothing need not.
    [Fact]
    public async Task The_version_grows_with_every_save_update_and_delete_and_not_with_a_no_op_update()
    {
        var ct = CancellationToken.None;
        var id = "sub_" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var start = await Store.GetVersionAsync(ct);

        await Store.SaveAsync(new Subscription
        {
            Id = id, Url = "https://hooks.example.com/v", EventTypes = ["interview.completed"], CreatedAt = now,
            UpdatedAt = now, Secrets = [],
        }, ct);
        var saved = await Store.GetVersionAsync(ct);
        Assert.True(saved > start, "a save did not move the version");

        Assert.Null(await Store.UpdateAsync(id, _ => null, ct));
        Assert.Equal(saved, await Store.GetVersionAsync(ct));

        Assert.NotNull(await Store.UpdateAsync(id, s => s with { Enabled = false }, ct));
        var updated = await Store.GetVersionAsync(ct);
        Assert.True(updated > saved, "an update did not move the version");

        Assert.True(await Store.DeleteAsync(id, ct));
        Assert.True(await Store.GetVersionAsync(ct) > updated, "a delete did not move the version");
    }

    [Fact]
    public async Task Held_deliveries_are_listed_taken_once_and_dropped_with_the_subscription()
    {
        var ct = CancellationToken.None;
        await Store.HoldAsync("sub_a", "evt_1", 2, ct);
        await Store.HoldAsync("sub_a", "evt_2", 1, ct);
        await Store.HoldAsync("sub_a", "evt_1", 3, ct);
        await Store.HoldAsync("sub_b", "evt_1", 1, ct);

        Assert.Equal(new Dictionary<string, int> { ["evt_1"] = 3, ["evt_2"] = 1 },
            await Store.ListHeldAsync("sub_a", ct));
        Assert.Equal(new Dictionary<string, int> { ["evt_1"] = 3, ["evt_2"] = 1 },
            await Store.TakeHeldAsync("sub_a", ct));
        Assert.Empty(await Store.TakeHeldAsync("sub_a", ct));

        await Store.DeleteAsync("sub_b", ct);
        Assert.Empty(await Store.ListHeldAsync("sub_b", ct));
    }

    [Fact]
    public async Task Racing_updates_all_land_and_a_deleted_subscription_stays_deleted()
    {
        var ct = CancellationToken.None;
        var id = "sub_" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await Store.SaveAsync(new Subscription
        {
            Id = id, Url = "https://hooks.example.com/x", EventTypes = ["interview.completed"], CreatedAt = now,
                UpdatedAt = now, Secrets = [],
        }, ct);

        // Twenty writers each add their own event type; with read-then-save most would be lost.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Store.UpdateAsync(id, s => s with { EventTypes = [.. s.EventTypes, $"t{i}"] }, ct))));
        Assert.Equal(21, (await Store.GetAsync(id, ct))!.EventTypes.Count);

        Assert.Null(await Store.UpdateAsync(id, _ => null, ct)); // "leave it" changes nothing
        await Store.DeleteAsync(id, ct);
        Assert.Null(await Store.UpdateAsync(id, s => s with { Enabled = false }, ct));
        Assert.Null(await Store.GetAsync(id, ct));
    }

    [Fact]
    public async Task The_attempt_log_keeps_the_newest_1000_lines_and_retention_drops_old_ones()
    {
        var ct = CancellationToken.None;
        var id = "sub_" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 1_250; i++)
        {
            var at = now.AddDays(-40).AddMinutes(i < 1_200 ? i : 60 * 24 * 30 + i); // the last 50 are recent
            var attempt = new DeliveryAttempt($"att_{i}", $"evt_{i}", "interview.completed", 1, at, 200, 5, null, null,
                DeliveryStatus.Succeeded, null);
            await Store.AddAttemptAsync(id, attempt, ct);
        }

        var kept = await Store.ListAttemptsAsync(id, ct);
        Assert.Equal(SubscriptionLimits.AttemptsKept, kept.Count);
        Assert.Equal("att_1249", kept[0].Id); // newest first

        await Store.PruneAttemptsAsync(id, now.AddDays(-30), ct);
        var recent = Enumerable.Range(1_200, 50).Reverse().Select(i => $"att_{i}");
        Assert.Equal(recent, (await Store.ListAttemptsAsync(id, ct)).Select(a => a.Id));
    }
}

public sealed class InMemorySubscriptionStoreTests : SubscriptionStoreContract
{
    internal override ISubscriptionStore Store { get; } = new InMemorySubscriptionStore();
}

public sealed class RedisSubscriptionStoreTests(RedisServerFixture redis) : SubscriptionStoreContract,
    IClassFixture<RedisServerFixture>
{
    internal override ISubscriptionStore Store { get; } = new RedisSubscriptionStore(redis.Connection,
        new RedisKeys($"t-{Guid.NewGuid():N}:"));
}

/// The per-subscription concurrency slots (Lua on Redis, a lock in memory): instances share the limit,
/// giving back frees slots for another, never below what is in flight, and a dead instance's lease lapses.
public abstract class DeliverySlotsContract
{
    private protected readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    internal abstract IDeliverySlots Slots { get; }

    [Fact]
    public async Task Instances_share_the_limit_give_slots_back_and_a_dead_instance_lease_lapses()
    {
        var ct = CancellationToken.None;
        var lease = TimeSpan.FromMilliseconds(1500); // short: Redis expires leases by its own clock
        Assert.Equal(2, await Slots.ReserveAsync("sub_a", "one", 2, 0, 3, lease, ct));
        Assert.Equal(1, await Slots.ReserveAsync("sub_a", "two", 5, 0, 3, lease, ct)); // what "one" leaves
        Assert.Equal(1, await Slots.ReserveAsync("sub_b", "two", 1, 0, 1, lease, ct)); // another subscription's own
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "three", 1, 0, 3, lease, ct));

        // "one" wants nothing more; its running request still counts until it finishes.
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "one", 0, 1, 3, lease, ct));
        Assert.Equal(1, await Slots.ReserveAsync("sub_a", "three", 1, 0, 3, lease, ct)); // one + two + three = 3
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "four", 1, 0, 3, lease, ct));
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "one", 0, 0, 3, lease, ct)); // finished: given back
        Assert.Equal(1, await Slots.ReserveAsync("sub_a", "four", 1, 0, 3, lease, ct));

        // Every lease lapses, as if the instances had died mid-request (fake time in memory, real in Redis).
        Time.Advance(lease);
        await Task.Delay(lease + TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, await Slots.ReserveAsync("sub_a", "five", 3, 0, 3, lease, ct));

        // While another waits, a busy instance is capped at an equal share and shrinks as requests finish.
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "six", 3, 0, 3, lease, ct));
        Assert.Equal(2, await Slots.ReserveAsync("sub_a", "five", 3, 3, 3, lease, ct)); // 3 still in flight
        Assert.Equal(0, await Slots.ReserveAsync("sub_a", "six", 3, 0, 3, lease, ct));
        Assert.Equal(2, await Slots.ReserveAsync("sub_a", "five", 3, 2, 3, lease, ct)); // one finished
        Assert.Equal(1, await Slots.ReserveAsync("sub_a", "six", 3, 0, 3, lease, ct));
    }
}

public sealed class InMemoryDeliverySlotsTests : DeliverySlotsContract
{
    public InMemoryDeliverySlotsTests() => Slots = new InMemoryDeliverySlots(Time);

    internal override IDeliverySlots Slots { get; }
}

public sealed class RedisDeliverySlotsTests : DeliverySlotsContract, IClassFixture<RedisServerFixture>
{
    public RedisDeliverySlotsTests(RedisServerFixture redis) =>
        Slots = new RedisDeliverySlots(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"));

    internal override IDeliverySlots Slots { get; }
}
