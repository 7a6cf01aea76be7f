using System.Net;
using System.Text.Json.Nodes;
using InterviewGateway.Events;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Api;

/// What code generators read from the document (issue 18); tests/generators/check.sh runs two of them.
[Collection(GatewayCollection.Name)]
public sealed class OpenApiGeneratorTests(GatewayFactory factory)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// Ids and cursors are strings; every other query value has its real type.
    private static readonly string[] StringQueries = ["cursor", "interview_id", "event_id"];

    [Fact]
    public async Task Query_parameters_are_typed()
    {
        var document = await GetDocumentAsync();
        var queries = Operations(document).SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["in"] == "query").Select(p => p!).ToList();

        Assert.Equal(26, queries.Count); // every query parameter of every operation: a new one must be typed too
        foreach (var query in queries.Where(q => !StringQueries.Contains((string?)q["name"])))
        {
            var schema = Resolve(document, query["schema"]!);
            Assert.True((string?)schema["type"] is "integer" or "boolean" || schema["enum"] is not null
                || (string?)schema["format"] == "date-time", $"{query["name"]}: untyped {schema.ToJsonString()}");
        }

        var limit = queries.First(q => (string?)q["name"] == "limit")["schema"]!;
        Assert.Equal("integer|1|100|20",
            $"{limit["type"]}|{limit["minimum"]}|{limit["maximum"]}|{limit["default"]}");
    }

    [Fact]
    public async Task Events_are_listed_as_a_union_of_the_webhook_event_schemas()
    {
        var document = await GetDocumentAsync();
        var list = document["paths"]!["/v1/events"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!;
        var items = Resolve(document, list["schema"]!)["properties"]!["data"]!["items"]!;
        var union = Resolve(document, items);
        Assert.Equal("type", (string?)union["discriminator"]!["propertyName"]);
        var mapping = union["discriminator"]!["mapping"]!.AsObject();
        Assert.Equal(EventTypes.All.Order(), mapping.Select(m => m.Key).Order());
        foreach (var (type, reference) in mapping)
        {
            var webhook = document["webhooks"]![type]!["post"]!["requestBody"]!["content"]!["application/json"]!;
            var schema = webhook["schema"]!;
            var thin = schema["anyOf"]?[0] ?? schema;
            Assert.Equal((string?)reference, (string?)thin["$ref"]);
        }
    }

    [Fact]
    public async Task Response_headers_are_documented()
    {
        var document = await GetDocumentAsync();
        foreach (var (name, operation) in Operations(document))
        {
            var secured = operation["security"]?.AsArray().Count > 0;
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var headers = response!["headers"]?.AsObject().Select(h => h.Key).ToHashSet() ?? [];
                Assert.True(status != "201" || headers.Contains("Location"), $"{name} {status}: no Location");
                Assert.True(status is not ("429" or "503") || headers.Contains("Retry-After"),
                    $"{name} {status}: no Retry-After");
                Assert.True(!secured || status == "401"
                    || (headers.Contains("RateLimit-Policy") && headers.Contains("RateLimit")),
                    $"{name} {status}: no RateLimit fields");
            }
        }

        var create = document["paths"]!["/v1/interviews"]!["post"]!["responses"]!["201"]!["headers"]!;
        Assert.NotNull(create["Idempotent-Replayed"]);
    }

    [Fact]
    public async Task Optional_request_fields_are_not_required_and_bodies_have_schemas()
    {
        var document = await GetDocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("participant,vendor", string.Join(',',
            schemas["CreateInterviewRequest"]!["required"]!.AsArray().Select(r => (string?)r).Order()));
        Assert.Null(schemas["ParticipantInput"]!["required"]);
        var patch = document["paths"]!["/v1/interviews/{id}"]!["patch"]!["requestBody"]!["content"]!;
        foreach (var media in new[] { "application/json", "application/merge-patch+json" })
        {
            Assert.Equal("#/components/schemas/InterviewPatchRequest", (string?)patch[media]!["schema"]!["$ref"]);
        }
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"] is { } reference
            ? document["components"]!["schemas"]![((string)reference!)["#/components/schemas/".Length..]]!
            : schema;

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => Methods.Contains(o.Key))
            .Select(o => ($"{o.Key.ToUpperInvariant()} {path.Key}", o.Value!)));

    private async Task<JsonNode> GetDocumentAsync()
    {
        using var client = factory.CreateClient(apiKey: null);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
