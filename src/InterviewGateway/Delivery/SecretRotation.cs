namespace InterviewGateway.Delivery;

/// Which signing secrets a subscription keeps (contract section 6): the current one first, and after a
/// rotation the previous ones until they expire, so subscribers can switch over without a gap.
internal static class SecretRotation
{
    public static readonly TimeSpan Overlap = TimeSpan.FromHours(24);

    /// The new secret becomes current; the old current one signs for another 24 h; expired ones go.
    public static IReadOnlyList<StoredSecret> Rotate(IReadOnlyList<StoredSecret> secrets, string newProtected,
        DateTimeOffset now) =>
        [
            new StoredSecret(newProtected, null),
            .. Prune(secrets, now).Select(s => s.ExpiresAt is null ? s with { ExpiresAt = now + Overlap } : s),
        ];

    public static IReadOnlyList<StoredSecret> Prune(IReadOnlyList<StoredSecret> secrets, DateTimeOffset now) =>
        [
            .. secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now)
                .OrderBy(s => s.ExpiresAt is null ? 0 : 1)
                .ThenByDescending(s => s.ExpiresAt),
        ];
}
