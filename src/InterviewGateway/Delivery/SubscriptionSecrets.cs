using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace InterviewGateway.Delivery;

/// Subscription signing secrets are stored protected (Data Protection). Both Protect and Unprotect
/// throw CryptographicException while the keys that protected a secret are gone.
internal sealed class SubscriptionSecrets(IDataProtectionProvider dataProtection, TimeProvider time)
{
    private const int MaxCached = 10_000;

    private readonly IDataProtector _protector =
        dataProtection.CreateProtector("InterviewGateway.SubscriptionSecrets.v1");

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public string Protect(string secret) => _protector.Protect(secret);

    /// Always decrypts: an operator reading the secrets learns at once when the keys are gone.
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// The secrets that sign deliveries now, current first. Decrypting per delivery costs more than
    /// signing, and each protected value decrypts to the same secret, so they are cached.
    public IEnumerable<string> Active(Subscription subscription) =>
        subscription.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow())
            .Select(s => Cached(s.Protected));

    private string Cached(string protectedSecret)
    {
        if (_cache.TryGetValue(protectedSecret, out var secret))
        {
            return secret;
        }

        secret = Unprotect(protectedSecret); // throws while the keys are gone, and nothing is cached
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[protectedSecret] = secret;
        return secret;
    }
}
