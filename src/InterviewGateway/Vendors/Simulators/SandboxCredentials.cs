using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.AspNetCore.DataProtection;

namespace InterviewGateway.Vendors.Simulators;

/// The simulators' vendor API keys and webhook secrets: random per deployment, never in the source.
/// The first instance to start generates them (first writer wins in the store), encrypted with Data
/// Protection; every other instance reads the same ones from Redis. In-memory mode: per process.
internal sealed partial class SandboxCredentials(
    IKeyValueStore store, RedisKeys keys, IDataProtectionProvider dataProtection, IEnumerable<VendorDescriptor> vendors,
    ILogger<SandboxCredentials> logger)
{
    private readonly ConcurrentDictionary<string, string[]> _loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _bearerHashes = new(StringComparer.Ordinal);

    private IDataProtector Protector => dataProtection.CreateProtector("InterviewGateway.SandboxCredentials.v1");

    /// The bearer key the simulator of this vendor accepts (and the gateway's client sends).
    public string ApiKey(VendorKey vendor) => For(vendor)[0];

    /// The secret or token this vendor's simulator signs its webhooks with (and the gateway expects).
    public string WebhookSecret(VendorKey vendor) => For(vendor)[1];

    /// True when the request carries this vendor's sandbox key (compared in constant time, as
    /// WebhookSignatures.TokenEquals does; the expected side's hash is computed once per vendor, not on
    /// every call: the simulation makes millions of them).
    public bool Authorizes(VendorKey vendor, HttpRequest request)
    {
        var expected = _bearerHashes.GetOrAdd(vendor.Value,
            _ => SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + ApiKey(vendor))));
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), presented);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// Loads (or generates) every vendor's credentials; called at startup, before requests arrive.
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var vendor in vendors)
        {
            await LoadAsync(vendor.Key, cancellationToken);
        }
    }

    private string[] For(VendorKey vendor) =>
        _loaded.TryGetValue(vendor.Value, out var loaded)
            ? loaded
            : Task.Run(() => LoadAsync(vendor, CancellationToken.None)).GetAwaiter().GetResult();

    private async Task<string[]> LoadAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var key = keys.SandboxCredentials(vendor.Value);
        var stored = await FirstWrittenAsync(key, vendor, null, cancellationToken);
        string[] credentials;
        try
        {
            credentials = Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // The key ring that encrypted them is gone: nothing real depends on sandbox secrets, start over.
            // Instances failing on this same value agree on one replacement (first writer wins under a key named
            // after the value), which then takes its place for instances that start later.
            Log.Replaced(logger, vendor.Value);
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored)))[..16];
            var replacing = key + ":replacing:" + digest;
            var replacement = await FirstWrittenAsync(replacing, vendor, TimeSpan.FromDays(1), cancellationToken);
            credentials = Unprotect(replacement);
            await store.SetAsync(key, replacement, null, cancellationToken);
        }

        return _loaded.GetOrAdd(vendor.Value, credentials);
    }

    /// The encrypted credentials under `key`: the first ones written there, generated here if none were.
    private async Task<string> FirstWrittenAsync(
        string key, VendorKey vendor, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var fresh = Protect([$"sbx_{vendor.Value}_{Random()}", $"sbx_{vendor.Value}_whsec_{Random()}"]);
        await store.SetIfAbsentAsync(key, fresh, ttl, cancellationToken);
        return await store.GetAsync(key, cancellationToken) ?? fresh;
    }

    private string[] Unprotect(string stored) => JsonSerializer.Deserialize<string[]>(Protector.Unprotect(stored))!;

    private string Protect(string[] credentials) => Protector.Protect(JsonSerializer.Serialize(credentials));

    private static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Warning,
            "Sandbox credentials of {Vendor} could not be decrypted (Data Protection keys changed); "
            + "new ones were generated")]
        public static partial void Replaced(ILogger logger, string vendor);
    }
}
