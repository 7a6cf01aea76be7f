using System.Security.Cryptography;
using InterviewGateway.Delivery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Delivery;

public sealed class SubscriptionSecretsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_secret_is_stored_protected_and_reads_back()
    {
        var secrets = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), _time);

        var stored = secrets.Protect("whsec_current");

        Assert.DoesNotContain("whsec_current", stored, StringComparison.Ordinal);
        Assert.Equal("whsec_current", secrets.Unprotect(stored));
    }

    [Fact]
    public void Active_secrets_are_the_unexpired_ones_in_stored_order()
    {
        var secrets = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), _time);
        var subscription = Subscription(
            new StoredSecret(secrets.Protect("whsec_new"), null),
            new StoredSecret(secrets.Protect("whsec_old"), _time.GetUtcNow().AddHours(1)),
            new StoredSecret(secrets.Protect("whsec_gone"), _time.GetUtcNow()));

        Assert.Equal(["whsec_new", "whsec_old"], secrets.Active(subscription));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(["whsec_new"], secrets.Active(subscription));
    }

    [Fact]
    public void A_secret_protected_with_lost_keys_throws_and_is_not_cached()
    {
        var lost = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), _time).Protect("whsec_x");
        var secrets = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), _time);
        var subscription = Subscription(new StoredSecret(lost, null));

        Assert.Throws<CryptographicException>(() => secrets.Active(subscription).ToList());
        Assert.Throws<CryptographicException>(() => secrets.Active(subscription).ToList());
        Assert.Throws<CryptographicException>(() => secrets.Unprotect(lost));
    }

    private Subscription Subscription(params StoredSecret[] stored) => new()
    {
        Id = "sub_1",
        Url = "https://hooks.example.com/in",
        EventTypes = ["interview.completed"],
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        Secrets = stored,
    };
}
