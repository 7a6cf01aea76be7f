using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

public sealed class HeldDeliveriesTests : IDisposable
{
    private readonly DeliveryKit _kit = new();
    private readonly HeldDeliveries _held;

    public HeldDeliveriesTests() => _held = new HeldDeliveries(_kit.Subscriptions, _kit.Queue, _kit.Streak);

    [Fact]
    public async Task Attempts_held_while_disabled_are_queued_once_on_enable_with_a_fresh_failure_window()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        await _kit.Subscriptions.UpdateAsync(subscription.Id, s => s with { Enabled = false }, default);
        await _kit.Streak.RecordAsync(subscription.Id, succeeded: false, default);
        _kit.Time.Advance(TimeSpan.FromDays(1));

        await _held.HoldAsync(subscription.Id, "evt_a", 3, default);
        await _held.HoldAsync(subscription.Id, "evt_b", 1, default);
        Assert.Null(await _kit.Queue.GetStateAsync(subscription.Id, "evt_a", default)); // nothing queued yet

        await _kit.Subscriptions.UpdateAsync(subscription.Id, s => s with { Enabled = true }, default);
        await _held.OnEnabledAsync(subscription.Id, wasDisabled: true, default);
        Assert.Equal(0, await _held.ResumeAsync(subscription.Id, default)); // each is resumed once

        Assert.Equal(new DeliveryState(DeliveryStateKind.Queued, 3, _kit.Time.GetUtcNow()),
            await _kit.Queue.GetStateAsync(subscription.Id, "evt_a", default));
        Assert.Equal(1, (await _kit.Queue.GetStateAsync(subscription.Id, "evt_b", default))!.Value.Attempt);
        var streak = await _kit.Streak.RecordAsync(subscription.Id, succeeded: false, default);
        Assert.Equal(TimeSpan.Zero, streak!.Value.For); // the failure a day ago no longer counts
    }

    [Fact]
    public async Task An_attempt_held_after_the_subscription_was_enabled_again_is_queued_at_once()
    {
        var (subscription, _) = await _kit.SubscribeAsync(); // enabled: the caller read it as disabled

        await _held.HoldAsync(subscription.Id, "evt_a", 2, default);

        Assert.Equal(2, (await _kit.Queue.GetStateAsync(subscription.Id, "evt_a", default))!.Value.Attempt);
        Assert.Empty(await _kit.Subscriptions.ListHeldAsync(subscription.Id, default));
    }

    public void Dispose() => _kit.Dispose();
}
