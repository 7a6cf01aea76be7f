using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Hindsight;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.UserJourneys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Tests.Vendors.Simulators;

public sealed class SandboxCredentialsTests
{
    private static readonly IDataProtectionProvider SharedKeys = new EphemeralDataProtectionProvider();

    internal static SandboxCredentials Create(IKeyValueStore store, IDataProtectionProvider? keys = null) =>
        new(store, new RedisKeys("test:"), keys ?? SharedKeys,
            [
                Descriptor(new HindsightVendor()),
                Descriptor(new InstaViewVendor()),
                Descriptor(new UserJourneysVendor()),
            ],
            NullLogger<SandboxCredentials>.Instance);

    [Fact]
    public async Task Credentials_are_random_per_deployment_and_shared_by_its_instances()
    {
        var deployment = new InMemoryKeyValueStore(TimeProvider.System);
        var first = Create(deployment);
        var second = Create(deployment);
        var elsewhere = Create(new InMemoryKeyValueStore(TimeProvider.System));
        await Task.WhenAll(first.LoadAsync(CancellationToken.None), second.LoadAsync(CancellationToken.None));
        var vendor = HindsightVendor.VendorKey;

        Assert.Equal(first.ApiKey(vendor), second.ApiKey(vendor));
        Assert.Equal(first.WebhookSecret(vendor), second.WebhookSecret(vendor));
        Assert.NotEqual(first.ApiKey(vendor), elsewhere.ApiKey(vendor));
        Assert.NotEqual(first.WebhookSecret(vendor), elsewhere.WebhookSecret(vendor));
        Assert.NotEqual(first.ApiKey(vendor), first.ApiKey(InstaViewVendor.VendorKey));
        Assert.DoesNotContain("sandbox_hindsight_key", first.ApiKey(vendor), StringComparison.Ordinal);
        Assert.True(first.ApiKey(vendor).Length >= 40);
    }

    [Fact]
    public async Task They_are_stored_encrypted()
    {
        var store = new InMemoryKeyValueStore(TimeProvider.System);
        var credentials = Create(store);
        await credentials.LoadAsync(CancellationToken.None);

        var key = new RedisKeys("test:").SandboxCredentials("hindsight");
        var stored = await store.GetAsync(key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.DoesNotContain(credentials.ApiKey(HindsightVendor.VendorKey), stored, StringComparison.Ordinal);
        Assert.DoesNotContain("sbx_", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_encrypted_with_a_lost_key_ring_are_replaced()
    {
        var store = new InMemoryKeyValueStore(TimeProvider.System);
        var before = Create(store, new EphemeralDataProtectionProvider());
        await before.LoadAsync(CancellationToken.None);

        var newKeys = new EphemeralDataProtectionProvider();
        var after = Create(store, newKeys);
        await after.LoadAsync(CancellationToken.None);
        var next = Create(store, newKeys); // another instance on the new key ring reads the replacement

        Assert.NotEqual(before.ApiKey(HindsightVendor.VendorKey), after.ApiKey(HindsightVendor.VendorKey));
        Assert.Equal(after.ApiKey(HindsightVendor.VendorKey), next.ApiKey(HindsightVendor.VendorKey));
    }

    [Fact]
    public async Task Instances_that_find_credentials_of_a_lost_key_ring_together_agree_on_one_replacement()
    {
        var store = new InMemoryKeyValueStore(TimeProvider.System);
        await Create(store, new EphemeralDataProtectionProvider()).LoadAsync(CancellationToken.None);

        // Two instances on the new key ring both read the old value before either replaces it.
        var newKeys = new EphemeralDataProtectionProvider();
        using var bothRead = new Barrier(2);
        SandboxCredentials[] instances =
            [Create(new ReadTogether(store, bothRead), newKeys), Create(new ReadTogether(store, bothRead), newKeys)];
        await Task.WhenAll(instances.Select(i => Task.Run(() => i.LoadAsync(CancellationToken.None))));

        Assert.Equal(instances[0].ApiKey(HindsightVendor.VendorKey), instances[1].ApiKey(HindsightVendor.VendorKey));
        var vendor = HindsightVendor.VendorKey;
        Assert.Equal(instances[0].WebhookSecret(vendor), instances[1].WebhookSecret(vendor));
        var later = Create(store, newKeys); // and an instance starting afterwards reads the same, first time
        Assert.Equal(instances[0].ApiKey(HindsightVendor.VendorKey), later.ApiKey(HindsightVendor.VendorKey));
    }

    private static VendorDescriptor Descriptor(IVendorModule module) =>
        new(module.Key, module.Capabilities);

    /// A store whose first read waits until the other instance has made its first read too.
    private sealed class ReadTogether(IKeyValueStore inner, Barrier barrier) : IKeyValueStore
    {
        private int _reads;

        public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken token) =>
            inner.SetIfAbsentAsync(key, value, ttl, token);

        public Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken token) =>
            inner.SetAsync(key, value, ttl, token);

        public async Task<string?> GetAsync(string key, CancellationToken token)
        {
            var value = await inner.GetAsync(key, token);
            if (Interlocked.Increment(ref _reads) == 1)
            {
                Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(10)), "the other instance never read");
            }

            return value;
        }

        public Task DeleteAsync(string key, CancellationToken token) => inner.DeleteAsync(key, token);
    }
}
