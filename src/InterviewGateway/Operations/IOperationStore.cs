namespace InterviewGateway.Operations;

/// Operations, kept 7 days, each leased by the instance running it. Lease ends are measured on the
/// store's clock (Redis `TIME`), so instances with skewed clocks never take a live operation over.
internal interface IOperationStore
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// Stores a new running operation, leased to `owner`.
    Task CreateAsync(Operation operation, string owner, TimeSpan lease, CancellationToken cancellationToken);

    Task<Operation?> GetAsync(string id, CancellationToken cancellationToken);

    /// Saves progress and renews the lease, or, for a finished operation, releases it; false (and nothing
    /// written) when `owner` no longer holds the lease.
    Task<bool> SaveAsync(Operation operation, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// Leases up to `max` running operations whose lease ended (their instance stopped) to `owner`.
    Task<IReadOnlyList<string>> ClaimAbandonedAsync(string owner, TimeSpan lease, int max,
        CancellationToken cancellationToken);
}
