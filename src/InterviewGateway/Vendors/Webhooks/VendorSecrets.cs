using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace InterviewGateway.Vendors.Webhooks;

/// Signing secrets a vendor issued at webhook registration, stored encrypted. A secret set in
/// configuration always takes precedence over a registered one.
internal sealed class VendorSecrets(
    IKeyValueStore store, RedisKeys keys, IDataProtectionProvider dataProtection, VendorCatalog catalog)
{
    private IDataProtector Protector => dataProtection.CreateProtector("InterviewGateway.VendorSecrets.v1");

    public async Task<string?> GetAsync(VendorKey vendor, string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var stored = await store.GetAsync(keys.VendorSecret(vendor.Value), cancellationToken);
        if (stored is not null)
        {
            return Protector.Unprotect(stored);
        }

        // The simulators sign with this deployment's random sandbox secret, so the loop verifies like production.
        return catalog.SandboxWebhookSecret(vendor);
    }

    public Task SaveAsync(VendorKey vendor, string secret, CancellationToken cancellationToken) =>
        store.SetAsync(keys.VendorSecret(vendor.Value), Protector.Protect(secret), null, cancellationToken);
}
