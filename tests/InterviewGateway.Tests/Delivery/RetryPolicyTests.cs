using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan[] Schedule = DeliveryOptions.DefaultSchedule;

    [Fact]
    public void The_default_schedule_gives_eight_attempts()
    {
        TimeSpan[] expected =
        [
            TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
            TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
        ];
        Assert.Equal(expected, Schedule);

        // random01 = 0.5 is the unjittered midpoint; attempt n is the one that just failed.
        var delays = Enumerable.Range(1,
            7).Select(a => RetryPolicy.NextDelay(a, Schedule, 500, false, null, 0.5)).ToArray();
        Assert.Equal(expected.Select(d => (TimeSpan?)d), delays);
        Assert.Null(RetryPolicy.NextDelay(8, Schedule, 500, false, null, 0.5));
        Assert.Null(RetryPolicy.NextDelay(9, Schedule, 500, false, null, 0.5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Jitter_stays_within_twenty_percent(double random01)
    {
        for (var attempt = 1; attempt <= Schedule.Length; attempt++)
        {
            var delay = RetryPolicy.NextDelay(attempt, Schedule, 500, false, null, random01)!.Value;
            Assert.InRange(delay, Schedule[attempt - 1] * 0.8, Schedule[attempt - 1] * 1.2);
        }
    }

    [Fact]
    public void Rate_limits_and_timeouts_wait_at_least_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), RetryPolicy.NextDelay(1, Schedule, 429, false, null, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(60), RetryPolicy.NextDelay(1, Schedule, null, true, null, 0.999999));
        // a longer step stays
        Assert.Equal(TimeSpan.FromMinutes(5), RetryPolicy.NextDelay(2, Schedule, 429, false, null, 0.5));
        Assert.InRange(RetryPolicy.NextDelay(1, Schedule, 503, false, null, 0.5)!.Value, TimeSpan.Zero,
            TimeSpan.FromSeconds(6));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void Retry_after_on_429_and_503_is_honoured_up_to_an_hour(int status)
    {
        Assert.Equal(TimeSpan.FromMinutes(20),
            RetryPolicy.NextDelay(1, Schedule, status, false, TimeSpan.FromMinutes(20), 0.5));
        Assert.Equal(TimeSpan.FromHours(1),
            RetryPolicy.NextDelay(1, Schedule, status, false, TimeSpan.FromHours(6), 0.5));
        // never shortens
        Assert.Equal(TimeSpan.FromHours(2),
            RetryPolicy.NextDelay(4, Schedule, status, false, TimeSpan.FromMinutes(10), 0.5));
    }

    [Fact]
    public void Retry_after_on_500_is_ignored() =>
        Assert.Equal(TimeSpan.FromSeconds(5),
        RetryPolicy.NextDelay(1, Schedule, 500, false, TimeSpan.FromMinutes(20), 0.5));
}
