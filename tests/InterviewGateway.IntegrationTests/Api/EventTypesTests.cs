using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Events.Catalog;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.Client.Models;
using InterviewGateway.Client.Webhooks;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// GET /v1/event-types: the catalog is complete, authenticated like the other reads, and its schemas
/// describe what subscribers really receive (real deliveries to loopback receivers are validated against them).
[Collection(GatewayCollection.Name)]
public sealed class EventTypesTests(GatewayFactory factory) : GatewayTest(factory)
{
    [Fact]
    public async Task The_catalog_lists_every_registered_type_with_its_schemas_and_examples_that_validate()
    {
        var reader = Factory.CreateGatewayClient(GatewayFactory.ReadKey);
        var data = await reader.ListEventTypesAsync();
        Assert.Equal(EventCatalog.All.Select(d => d.Type), data.Select(e => e.Type));
        foreach (var definition in EventCatalog.All)
        {
            var entry = await reader.GetEventTypeAsync(definition.Type);
            Assert.Equal("2026-11-01", entry.SchemaVersion);
            Assert.False(string.IsNullOrEmpty(entry.Description));
            Assert.Null(OpenApiContractTests.Validate(Schema(entry.Schema), ToNode(definition.Example)));
            var full = ToNode(definition.FullExample ?? definition.Example);
            Assert.Null(OpenApiContractTests.Validate(Schema(entry.FullSchema), full));
            // The type is fixed per event type: another type's body does not pass.
            var other = ToNode(definition.Example)!;
            other["type"] = definition.Type == "interview.completed" ? "interview.failed" : "interview.completed";
            Assert.NotNull(OpenApiContractTests.Validate(Schema(entry.Schema), other));
        }
    }

    [Fact]
    public async Task Unknown_types_unauthorized_and_unscoped_callers_get_problems()
    {
        using var unknown = await Client.GetAsync("/v1/event-types/interview.exploded");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var anonymous = await Factory.CreateClient(apiKey: null).GetAsync("/v1/event-types");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var wrongKey = await Factory.CreateClient("igw_not_a_key_at_all_000000").GetAsync("/v1/event-types");
        await wrongKey.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var writer = await Factory.CreateClient(GatewayFactory.WriteKey)
            .GetAsync("/v1/event-types/interview.completed");
        await writer.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var post = await Client.PostAsync("/v1/event-types", Json("{}"));
        await post.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        using var oversized = new HttpRequestMessage(HttpMethod.Get, "/v1/event-types")
        {
            Content = Json(new string(' ', 2 * 1024 * 1024) + "{}"),
        };
        using var tooLarge = await Client.SendAsync(oversized);
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Real_deliveries_validate_against_the_catalog_schemas_for_thin_and_full_subscriptions()
    {
        await using var thin = await TestSubscriber.StartAsync();
        await using var full = await TestSubscriber.StartAsync();
        await using var gone = await TestSubscriber.StartAsync();
        string[] types = ["interview.completed", "interview.status_changed", "subscription.disabled"];
        Subscriptions.Add(await Gateway.SubscribeAsync(thin, new("", types, Payload: PayloadMode.Thin)));
        Subscriptions.Add(await Gateway.SubscribeAsync(full, new("", types, Payload: PayloadMode.Full)));
        var goneId = await Gateway.SubscribeAsync(gone, new("", Payload: PayloadMode.Thin));
        Subscriptions.Add(goneId);
        gone.Answer(410); // its interview.completed disables it, which emits a real subscription.disabled to the others

        var id = await Gateway.CompleteSandboxInterviewAsync(Factory);
        foreach (var subscription in Subscriptions.Take(2))
        {
            foreach (var type in new[] { "subscription.test", "subscription.disabled" })
            {
                var sent = await Gateway.TestSubscriptionAsync(subscription, type);
                Assert.Equal(DeliveryStatus.Succeeded, sent.Status);
            }
        }

        bool Complete(IReadOnlyList<ReceivedDelivery> received) =>
            received.Any(r => r.Type == "interview.completed" && r.InterviewId == id)
            && received.Any(r => r.Type == "interview.status_changed" && r.InterviewId == id)
            && received.Count(r => r.Type == "subscription.disabled") >= 2
            && received.Any(r => r.Type == "subscription.test");
        var catalog = (await Gateway.ListEventTypesAsync()).ToDictionary(e => e.Type);
        foreach (var (subscriber, schema) in new[] { (thin, "schema"), (full, "full_schema") })
        {
            var received = await subscriber.WaitForAsync(Complete);
            Assert.Contains(received, r => r.Type == "interview.completed"
                && r.Json.GetProperty("data").TryGetProperty("transcript", out _) == (schema == "full_schema"));
            foreach (var delivery in received)
            {
                Assert.True(delivery.SignatureValid);
                var entry = catalog[delivery.Type];
                var error = OpenApiContractTests.Validate(
                    Schema(schema == "schema" ? entry.Schema : entry.FullSchema), JsonNode.Parse(delivery.Body));
                Assert.True(error is null, $"{delivery.Type} ({schema}): {error}\n{delivery.Body}");
                // The client's one-call verification reads every real body into its typed event.
                var typed = StandardWebhooksCheck.VerifyWithClient(subscriber.Secret!, delivery);
                Assert.IsType(WebhookEvents.Types[delivery.Type], typed);
                Assert.Equal(delivery.WebhookId, typed.Id);
            }
        }
    }

    private static JsonObject Schema(JsonElement schema) => JsonNode.Parse(schema.GetRawText())!.AsObject();

    private static JsonNode? ToNode(object value) => OpenApiSetup.ToNode(value);

    private static StringContent Json(string json) => Infrastructure.Api.Json(json);
}
