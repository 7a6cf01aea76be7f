using InterviewGateway.Events;

namespace InterviewGateway.Interviews;

internal sealed record InterviewQuery(int Limit, string? Cursor, string? Vendor, InterviewStatus? Status, DateTimeOffset? UpdatedAfter)
{
    public bool Matches(Interview interview) =>
        (Vendor is null || interview.Vendor == Vendor)
        && (Status is null || interview.Status == Status)
        && (UpdatedAfter is null || interview.UpdatedAt > UpdatedAfter);
}

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// Tracked interviews. Writers use compare-and-swap on `Version` so a poll, a webhook and a request
/// racing on one interview (on one instance or several) never lose each other's changes.
internal interface IInterviewStore
{
    Task<Interview?> GetAsync(string id, CancellationToken cancellationToken);

    /// Adds with Version 1 and appends `events` in the same commit; null when the id is already stored,
    /// else the events that were not stored before (those the caller relays).
    Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken);

    /// Stores `updated` with Version = expectedVersion + 1 if the stored Version is still expectedVersion,
    /// and appends `events` in the same commit; null when the version moved on (nothing is stored).
    Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(
        Interview updated, long expectedVersion, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// Newest tracked first; the cursor is opaque.
    Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken);
}

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

/// The listing order shared by both stores: members sort newest-first by tracking time, then by id.
internal static class InterviewIndex
{
    public const int MaxScan = 2000;

    public static string Member(Interview interview) =>
        $"{long.MaxValue - interview.TrackedSince.ToUnixTimeMilliseconds():D19}|{interview.Id}";

    public static string IdOf(string member) => member[(member.IndexOf('|', StringComparison.Ordinal) + 1)..];

    public static string EncodeCursor(string member) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(member)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// Null when the cursor was not produced by us: the caller answers 400.
    public static string? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var member = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return member.Length > 21 && member[19] == '|' && long.TryParse(member.AsSpan(0, 19), out _) ? member : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
