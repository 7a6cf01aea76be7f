using System.Net;
using InterviewGateway.Client.Models;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Delivery;

/// Secret rotation (contract sections 6 and 7): for 24 h both secrets sign, so a subscriber can switch
/// over at its own pace; an operator who lost the secret can read it back, and nothing else shows it.
[Collection(GatewayCollection.Name)]
public sealed class SubscriptionSecretTests(GatewayFactory factory) : SubscribedTest(factory)
{
    [Fact]
    public async Task After_a_rotation_deliveries_verify_with_old_and_new_secret_and_the_secret_endpoint_lists_both()
    {
        var old = Subscriber.Secret!;
        using var rotated = await Client.PostAsync($"/v1/subscriptions/{Subscription}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.True(rotated.Headers.CacheControl?.NoStore);
        var rotation = await rotated.ReadJsonAsync();
        var fresh = rotation.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", fresh);
        Assert.NotEqual(old, fresh);
        var expires = rotation.GetProperty("previous_expires_at").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));

        Assert.Equal(DeliveryStatus.Succeeded, (await Gateway.TestSubscriptionAsync(Subscription)).Status);
        var delivery = Assert.Single(Subscriber.Received);
        Assert.Equal(2, delivery.Signature.Split(' ').Length);
        Assert.True(delivery.VerifiesWith(old), "the old secret must keep verifying during the overlap");
        Assert.True(delivery.VerifiesWith(fresh), "the new secret must verify at once");

        using var read = await Client.GetAsync($"/v1/subscriptions/{Subscription}/secret");
        Assert.True(read.Headers.CacheControl?.NoStore);
        var secrets = (await read.ReadJsonAsync()).GetProperty("secrets").EnumerateArray().ToList();
        Assert.Equal([fresh, old], secrets.Select(s => s.GetProperty("secret").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, secrets[0].GetProperty("expires_at").ValueKind);
        Assert.Equal(expires, secrets[1].GetProperty("expires_at").GetDateTimeOffset());

        // Only the secret endpoints show secrets: not reads, lists, attempts, problems or logs.
        // Raw bodies here: a typed read would drop a secret in a member the client does not know.
        var elsewhere = string.Concat(
            (await Client.GetOkAsync($"/v1/subscriptions/{Subscription}")).GetRawText(),
            (await Client.GetOkAsync("/v1/subscriptions?limit=100")).GetRawText(),
            (await Client.GetOkAsync($"/v1/subscriptions/{Subscription}/deliveries")).GetRawText(),
            await (await Client.PatchAsync($"/v1/subscriptions/{Subscription}",
            Infrastructure.Api.Json("""{"max_concurrency":0}"""))).Content.ReadAsStringAsync(),
            string.Join("\n", Factory.Logs.Entries.Select(e => e.Message + e.Exception)));
        foreach (var secret in new[] { old, fresh })
        {
            Assert.DoesNotContain(secret["whsec_".Length..], elsewhere, StringComparison.Ordinal);
        }

        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Without_a_rotation_the_secret_endpoint_returns_the_one_current_secret()
    {
        var only = Assert.Single((await Gateway.GetSubscriptionSecretAsync(Subscription)).Secrets);
        Assert.Equal(Subscriber.Secret, only.Secret);
        Assert.Null(only.ExpiresAt);
    }
}
