using InterviewGateway.Inbound;

namespace InterviewGateway.Tests.Inbound;

/// A follow-up queue for tests of the dispatcher's loop: only leasing is implemented, by the test.
internal abstract class LeaseOnlyQueue : IFollowUpQueue
{
    public abstract Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease,
        CancellationToken cancellationToken);

    public Task<bool> AcceptAsync(FollowUpAccept accept, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task RetryAsync(PendingFollowUp followUp, TimeSpan delay, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<long> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
