namespace InterviewGateway.Interviews;

/// Changes that imply no event.
internal static class InterviewStoreExtensions
{
    public static async Task<bool> TryAddAsync(this IInterviewStore store, Interview interview,
        CancellationToken cancellationToken) =>
        await store.TryAddAsync(interview, [], cancellationToken) is not null;

    public static async Task<bool> TryReplaceAsync(this IInterviewStore store, Interview updated,
        long expectedVersion, CancellationToken cancellationToken) =>
        await store.TryReplaceAsync(updated, expectedVersion, [], cancellationToken) is not null;
}
