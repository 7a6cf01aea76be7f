using System.Text.Json;
using InterviewGateway.Delivery;
using InterviewGateway.Events;

namespace InterviewGateway.Tests.Delivery;

public sealed class AttemptLedgerTests : IDisposable
{
    private readonly DeliveryKit _kit = new();

    [Theory]
    [InlineData(nameof(AttemptKind.Scheduled))]
    [InlineData(nameof(AttemptKind.ManualRetry))]
    public async Task Gone_disables_the_subscription_once_and_tells_the_others(string attemptKind)
    {
        var kind = Enum.Parse<AttemptKind>(attemptKind);
        var (subscription, _) = await _kit.SubscribeAsync();

        await _kit.Ledger.TrackAsync(subscription, AttemptOutcomeTests.Result(410, "http_status"), kind, default);
        await _kit.Ledger.TrackAsync(subscription, AttemptOutcomeTests.Result(410, "http_status"), kind, default);

        var disabled = await _kit.Subscriptions.GetAsync(subscription.Id, default);
        Assert.Equal((false, AttemptLedger.GoneReason), (disabled!.Enabled, disabled.DisabledReason));
        var relayed = Assert.Single(_kit.FanOut.FannedOut); // one subscription.disabled event, fanned out
        var stored = await _kit.Events.GetAsync(relayed, default);
        Assert.Equal(EventTypes.SubscriptionDisabled, stored!.Type);
        var data = JsonDocument.Parse(stored.Body).RootElement.GetProperty("data").GetProperty("subscription");
        Assert.Equal(subscription.Id, data.GetProperty("id").GetString());
        Assert.False(data.TryGetProperty("secrets", out _));
        Assert.Empty(await _kit.Events.ReadOutboxAsync(_kit.Time.GetUtcNow().AddHours(1), 10, default));
    }

    [Fact]
    public async Task A_test_sample_answered_with_gone_disables_nothing()
    {
        var (subscription, _) = await _kit.SubscribeAsync();

        await _kit.Ledger.TrackAsync(subscription, AttemptOutcomeTests.Result(410, "http_status"), AttemptKind.Test,
            default);

        Assert.True((await _kit.Subscriptions.GetAsync(subscription.Id, default))!.Enabled);
        Assert.Empty(_kit.FanOut.FannedOut);
    }

    [Fact]
    public async Task Failing_for_the_whole_disable_window_disables_and_a_success_starts_it_again()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var failed = AttemptOutcomeTests.Result(500, "http_status");
        await _kit.Ledger.TrackAsync(subscription, failed, AttemptKind.Scheduled, default);
        _kit.Time.Advance(_kit.Options.CurrentValue.DisableAfter - TimeSpan.FromMinutes(1));
        await _kit.Ledger.TrackAsync(subscription, AttemptOutcomeTests.Result(200, null), AttemptKind.Test, default);
        await _kit.Ledger.TrackAsync(subscription, failed, AttemptKind.Scheduled, default);
        _kit.Time.Advance(TimeSpan.FromMinutes(2));
        await _kit.Ledger.TrackAsync(subscription, failed, AttemptKind.Scheduled, default);
        Assert.True((await _kit.Subscriptions.GetAsync(subscription.Id, default))!.Enabled);

        _kit.Time.Advance(_kit.Options.CurrentValue.DisableAfter);
        await _kit.Ledger.TrackAsync(subscription, failed, AttemptKind.Test, default);

        var disabled = await _kit.Subscriptions.GetAsync(subscription.Id, default);
        Assert.False(disabled!.Enabled);
        Assert.StartsWith("Every delivery attempt failed since", disabled.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_attempts_are_listed_newest_first()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var first = AttemptOutcomeTests.Result(500, "http_status").Attempt;

        await _kit.Ledger.RecordAsync(subscription.Id, first, default);
        await _kit.Ledger.RecordAsync(subscription.Id, first with { Id = "att_2", Attempt = 2 }, default);

        Assert.Equal([2, 1], (await _kit.Subscriptions.ListAttemptsAsync(subscription.Id, default))
            .Select(a => a.Attempt));
    }

    public void Dispose() => _kit.Dispose();
}
