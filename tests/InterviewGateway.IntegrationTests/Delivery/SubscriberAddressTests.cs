using System.Net;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Delivery;

/// The SSRF guard's second half: a URL accepted at registration is checked again when the delivery client
/// connects, so a name rebound to an internal address (or a policy tightened since) is never reached.
[Collection(GatewayCollection.Name)]
public sealed class SubscriberAddressTests(GatewayFactory factory) : GatewayTest(factory)
{
    private TestSubscriber _subscriber = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _subscriber = await StartSubscriberAsync();
    }

    protected override Task CleanUpAsync()
    {
        Factory.AllowPrivateNetworks(null);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_loopback_subscriber_accepted_at_registration_is_refused_at_connect_and_recorded_as_forbidden()
    {
        // Registered while private networks are allowed (the shared host's setting), as a public name
        // that later rebinds to 127.0.0.1 would be.
        var subscription = await SubscribeAsync(_subscriber.Url);
        Factory.AllowPrivateNetworks(false);
        try
        {
            using var response = await Client.PostAsync($"/v1/subscriptions/{subscription}/test",
                Infrastructure.Api.Json("""{"event_type":"interview.completed"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var attempt = await response.ReadJsonAsync();
            Assert.Equal("failed", attempt.GetProperty("status").GetString());
            Assert.Equal("forbidden_address", attempt.GetProperty("error_class").GetString());
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);

            var eventId = attempt.GetProperty("event_id").GetString();
            var listed = await Client.GetOkAsync($"/v1/subscriptions/{subscription}/deliveries?event_id={eventId}");
            var row = Assert.Single(listed.GetProperty("data").EnumerateArray());
            Assert.Equal("forbidden_address", row.GetProperty("error_class").GetString());
        }
        finally
        {
            Factory.AllowPrivateNetworks(null);
        }

        Assert.Empty(_subscriber.Received);
        Factory.Logs.AssertNoWarningsOrErrors(); // a refused connect is a recorded failure, not a warning

        // The same subscription is delivered to again once private networks are allowed.
        using var allowed = await Client.PostAsync($"/v1/subscriptions/{subscription}/test",
            Infrastructure.Api.Json("""{"event_type":"interview.completed"}"""));
        Assert.Equal("succeeded", (await allowed.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Single(_subscriber.Received);
    }

    [Fact]
    public async Task The_url_is_stored_as_sent_with_its_escapes_kept()
    {
        var created = await SubscribeAsync(_subscriber.Url + "?tag=a%20b&path=c%2Fd");
        var stored = await Client.GetOkAsync($"/v1/subscriptions/{created}");
        Assert.Equal(_subscriber.Url + "?tag=a%20b&path=c%2Fd", stored.GetProperty("url").GetString());

        var updated = await Client.PatchOkAsync($"/v1/subscriptions/{created}",
            $$"""{"url":"{{_subscriber.Url}}/x%20y"}""");
        Assert.Equal(_subscriber.Url + "/x%20y", updated.GetProperty("url").GetString());
    }

    private async Task<string> SubscribeAsync(string url)
    {
        using var response = await Client.PostAsync("/v1/subscriptions", Infrastructure.Api.Json(
            $$"""{"url":"{{url}}","payload":"thin","event_types":["interview.completed"],"vendors":["hindsight"]}"""));
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        _subscriber.Secret = body.GetProperty("secret").GetString();
        var id = body.GetProperty("id").GetString()!;
        Subscriptions.Add(id);
        return id;
    }
}
