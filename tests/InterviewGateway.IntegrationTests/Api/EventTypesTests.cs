using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Delivery.Catalog;
using InterviewGateway.Api.OpenApi;
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
        using var reader = Factory.CreateClient(GatewayFactory.ReadKey);
        var list = await reader.GetOkAsync("/v1/event-types");
        var data = list.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(EventCatalog.All.Select(d => d.Type), data.Select(e => e.GetProperty("type").GetString()));
        foreach (var definition in EventCatalog.All)
        {
            var entry = await reader.GetOkAsync($"/v1/event-types/{definition.Type}");
            Assert.Equal("2026-11-01", entry.GetProperty("schema_version").GetString());
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("description").GetString()));
            Assert.Null(OpenApiContractTests.Validate(Schema(entry, "schema"), ToNode(definition.Example)));
            var full = ToNode(definition.FullExample ?? definition.Example);
            Assert.Null(OpenApiContractTests.Validate(Schema(entry, "full_schema"), full));
            // The type is fixed per event type: another type's body does not pass.
            var other = ToNode(definition.Example)!;
            other["type"] = definition.Type == "interview.completed" ? "interview.failed" : "interview.completed";
            Assert.NotNull(OpenApiContractTests.Validate(Schema(entry, "schema"), other));
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
        const string types = """["interview.completed","interview.status_changed","subscription.disabled"]""";
        Subscriptions.Add(await Client.SubscribeAsync(thin, $"\"event_types\":{types},\"payload\":\"thin\""));
        Subscriptions.Add(await Client.SubscribeAsync(full, $"\"event_types\":{types},\"payload\":\"full\""));
        var goneId = await Client.SubscribeAsync(gone, "\"payload\":\"thin\"");
        Subscriptions.Add(goneId);
        gone.Answer(410); // its interview.completed disables it, which emits a real subscription.disabled to the others

        var id = await Client.CompleteSandboxInterviewAsync(Factory);
        foreach (var subscription in Subscriptions.Take(2))
        {
            foreach (var type in new[] { "subscription.test", "subscription.disabled" })
            {
                using var sent = await Client.PostAsync(
                    $"/v1/subscriptions/{subscription}/test", Json($$"""{"event_type":"{{type}}"}"""));
                Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            }
        }

        bool Complete(IReadOnlyList<ReceivedDelivery> received) =>
            received.Any(r => r.Type == "interview.completed" && r.InterviewId == id)
            && received.Any(r => r.Type == "interview.status_changed" && r.InterviewId == id)
            && received.Count(r => r.Type == "subscription.disabled") >= 2
            && received.Any(r => r.Type == "subscription.test");
        var catalog = (await Client.GetOkAsync("/v1/event-types")).GetProperty("data").EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!);
        foreach (var (subscriber, schema) in new[] { (thin, "schema"), (full, "full_schema") })
        {
            var received = await subscriber.WaitForAsync(Complete);
            Assert.Contains(received, r => r.Type == "interview.completed"
                && r.Json.GetProperty("data").TryGetProperty("transcript", out _) == (schema == "full_schema"));
            foreach (var delivery in received)
            {
                Assert.True(delivery.SignatureValid);
                var error = OpenApiContractTests.Validate(
                    Schema(catalog[delivery.Type], schema), JsonNode.Parse(delivery.Body));
                Assert.True(error is null, $"{delivery.Type} ({schema}): {error}\n{delivery.Body}");
            }
        }
    }

    private static JsonObject Schema(JsonElement entry, string name) =>
        JsonNode.Parse(entry.GetProperty(name).GetRawText())!.AsObject();

    private static JsonNode? ToNode(object value) => OpenApiSetup.ToNode(value);

    private static StringContent Json(string json) => Infrastructure.Api.Json(json);
}
