using InterviewGateway.Contracts;
using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

public sealed class AttemptOutcomeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)];

    [Fact]
    public void A_success_is_delivered_and_nothing_is_retried()
    {
        var (recorded, state) = AttemptOutcome.Decide(2, Result(200, null), Schedule, 0.5, Now);

        Assert.Equal((DeliveryStatus.Succeeded, (DateTimeOffset?)null), (recorded.Status, recorded.NextAttemptAt));
        Assert.Equal(new DeliveryState(DeliveryStateKind.Delivered, 2, Now), state);
    }

    [Fact]
    public void A_failure_with_schedule_left_is_pending_and_queues_the_next_attempt_at_the_same_time()
    {
        var (recorded, state) = AttemptOutcome.Decide(1, Result(500, "http_status"), Schedule, 0.5, Now);

        var next = Now + TimeSpan.FromMinutes(1); // random 0.5: no jitter
        Assert.Equal((DeliveryStatus.Pending, (DateTimeOffset?)next), (recorded.Status, recorded.NextAttemptAt));
        Assert.Equal(new DeliveryState(DeliveryStateKind.Queued, 2, next), state);
    }

    [Fact]
    public void The_last_attempt_of_the_schedule_fails_for_good()
    {
        var (recorded, state) = AttemptOutcome.Decide(3, Result(500, "http_status"), Schedule, 0.5, Now);

        Assert.Equal((DeliveryStatus.Failed, (DateTimeOffset?)null), (recorded.Status, recorded.NextAttemptAt));
        Assert.Equal(new DeliveryState(DeliveryStateKind.Failed, 3, Now), state);
    }

    [Fact]
    public void Gone_is_never_retried_however_much_schedule_is_left()
    {
        var (recorded, state) = AttemptOutcome.Decide(1, Result(410, "http_status"), Schedule, 0.5, Now);

        Assert.Equal(DeliveryStatus.Failed, recorded.Status);
        Assert.Equal(DeliveryStateKind.Failed, state.Kind);
    }

    [Fact]
    public void A_timeout_and_a_retry_after_stretch_the_wait_through_the_retry_policy()
    {
        var (_, afterTimeout) = AttemptOutcome.Decide(1, Result(null, "timeout"), Schedule, 0.5, Now);
        Assert.Equal(Now + RetryPolicy.SlowDownFloor, afterTimeout.At);

        var (_, afterRetryAfter) = AttemptOutcome.Decide(1, Result(503, "http_status", TimeSpan.FromMinutes(7)),
            Schedule, 0.5, Now);
        Assert.Equal(Now + TimeSpan.FromMinutes(7), afterRetryAfter.At);
    }

    internal static SendResult Result(int? status, string? errorClass, TimeSpan? retryAfter = null) => new(
        new DeliveryAttempt("att_1", "evt_1", "interview.completed", 1, Now, status, 12, null, errorClass,
            errorClass is null ? DeliveryStatus.Succeeded : DeliveryStatus.Failed, null),
        status, errorClass, retryAfter);
}
