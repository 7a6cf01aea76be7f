namespace InterviewGateway.Infrastructure.Idempotency;

internal enum IdempotencyState
{
    Started,
    InProgress,
    Mismatch,
    Replay,
}
