using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

/// The retry jitter is a stable hash of (event, subscription, attempt): the same attempt always waits the
/// same (a seeded simulation replays exactly), and a burst of failures still spreads its retries evenly.
public sealed class RetryJitterTests
{
    private static readonly string[] Burst =
        [.. Enumerable.Range(0, 2000).Select(i => $"evt_{i:x4}0c1d2e3f4a5b6c7d8e9f")];

    [Fact]
    public void The_same_attempt_always_gets_the_same_jitter_and_another_attempt_or_subscription_another()
    {
        Assert.Equal(RetryJitter.For("evt_1", "sub_1", 3), RetryJitter.For("evt_1", "sub_1", 3));
        var values = new[]
        {
            RetryJitter.For("evt_1", "sub_1", 3), RetryJitter.For("evt_1", "sub_1", 4),
            RetryJitter.For("evt_1", "sub_2", 3), RetryJitter.For("evt_2", "sub_1", 3),
            RetryJitter.For("sub_1", "evt_1", 3),
        };
        Assert.Equal(values.Length, values.Distinct().Count());
    }

    [Fact]
    public void A_burst_of_failed_attempts_spreads_evenly_over_the_whole_range()
    {
        var jitters = Burst.Select(e => RetryJitter.For(e, "sub_0194f1c2a3b4c5d6e7f8", 1)).ToArray();

        Assert.All(jitters, j => Assert.InRange(j, 0.0, Math.BitDecrement(1.0)));
        // 2,000 draws into ten bins of 200 expected each: a uniform source lands within ±60 in each
        // (about 4.7 standard deviations), a clustered one does not.
        var bins = jitters.GroupBy(j => (int)(j * 10)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 10), b => Assert.InRange(bins.GetValueOrDefault(b), 140, 260));
        // The delays themselves cover the ±20% window around the 5 s step from end to end.
        var delays = jitters.Select(j => RetryPolicy.NextDelay(1, DeliveryOptions.DefaultSchedule, 503, false, null,
            j)!.Value.TotalSeconds).ToArray();
        Assert.InRange(delays.Min(), 4.0, 4.02);
        Assert.InRange(delays.Max(), 5.98, 6.0);
    }

    [Fact]
    public void One_event_failing_at_many_subscriptions_spreads_too()
    {
        var jitters = Burst.Select(s => RetryJitter.For("evt_0194f1c2a3b4", s, 2)).ToArray();

        var bins = jitters.GroupBy(j => (int)(j * 10)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 10), b => Assert.InRange(bins.GetValueOrDefault(b), 140, 260));
    }
}
