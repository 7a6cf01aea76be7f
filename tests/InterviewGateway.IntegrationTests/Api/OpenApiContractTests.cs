using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;
using InterviewGateway.Api.OpenApi;
using InterviewGateway.IntegrationTests.Infrastructure;
using Json.Schema;

namespace InterviewGateway.IntegrationTests.Api;

/// What `redocly lint --extends=recommended` checks, in the suite: every example validates against its own
/// schema (with a real JSON Schema validator, formats included), servers and security are declared, tags
/// are described, and the webhooks section covers every event type the code can emit.
[Collection(GatewayCollection.Name)]
public sealed class OpenApiContractTests(GatewayFactory factory)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_example_validates_against_its_schema()
    {
        var document = await GetDocumentAsync();
        var components = document["components"]?["schemas"]?.AsObject();
        var failures = new List<string>();
        var checkedExamples = 0;
        foreach (var (where, schema, example) in Examples(document))
        {
            checkedExamples++;
            var result = Validate(JsonSchemaExport.Standalone(schema, components), example);
            if (result is not null)
            {
                failures.Add($"{where}: {result}");
            }
        }

        Assert.True(checkedExamples >= 250, $"only {checkedExamples} examples found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_validator_rejects_what_the_old_document_had()
    {
        // The defect this suite guards against: a problem example with trace_id against a schema that forbids it.
        var closed = JsonNode.Parse(
            """{"type":"object","properties":{"status":{"type":"integer"}},"additionalProperties":false}""")!;
        var withTraceId = JsonNode.Parse("""{"status":400,"trace_id":"x"}""")!;
        Assert.NotNull(Validate(JsonSchemaExport.Standalone(closed, null), withTraceId));
        var dated = JsonNode.Parse("""{"format":"date-time"}""")!;
        Assert.NotNull(Validate(JsonSchemaExport.Standalone(dated, null), JsonValue.Create("yesterday")));
    }

    [Fact]
    public async Task Servers_security_tags_license_and_request_examples_are_declared()
    {
        var document = await GetDocumentAsync();
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.False(string.IsNullOrEmpty(document["info"]?["license"]?["name"]?.GetValue<string>()));
        var described = document["tags"]!.AsArray()
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        var problems = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            if (operation["security"] is not JsonArray)
            {
                problems.Add($"{name}: no security (an anonymous operation declares an empty list)");
            }

            // Swagger UI's "Try it out" starts from the request example, so every request body has one.
            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (media?["example"] is null && media?["examples"] is null)
                {
                    problems.Add($"{name}: request body {mediaType} has no example to prefill");
                }
            }

            foreach (var tag in operation["tags"]?.AsArray() ?? [])
            {
                if (string.IsNullOrEmpty(described.GetValueOrDefault(tag!.GetValue<string>())))
                {
                    problems.Add($"{name}: tag '{tag}' has no description");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Webhooks_section_documents_every_event_type_the_code_can_emit()
    {
        // Every constant of EventTypes is a type the code can emit; the registry and the document must know it.
        var emitted = typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.Name != nameof(EventTypes.SchemaVersion))
            .Select(f => (string)f.GetRawConstantValue()!).Order().ToArray();
        Assert.Equal(emitted, EventTypes.All.Order());
        Assert.Equal(emitted, EventCatalog.All.Select(d => d.Type).Order());

        var webhooks = (await GetDocumentAsync())["webhooks"]!.AsObject();
        Assert.Equal(emitted, webhooks.Select(w => w.Key).Order());
        foreach (var (type, item) in webhooks)
        {
            var post = item!["post"]!;
            Assert.False(string.IsNullOrEmpty(post["summary"]?.GetValue<string>()), type);
            var headers = post["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header")
                .Select(p => p!["name"]!.GetValue<string>());
            Assert.Superset(
                new HashSet<string> { "webhook-id", "webhook-timestamp", "webhook-signature" }, headers.ToHashSet());
            var media = post["requestBody"]!["content"]![WebhooksTransformer.MediaType]!;
            var examples = media["examples"]!.AsObject();
            Assert.True(examples.ContainsKey("thin"), $"{type}: no thin example");
            Assert.True(!type.StartsWith("interview.", StringComparison.Ordinal) || examples.ContainsKey("full"),
                $"{type}: no full example");
            Assert.All(examples, e => Assert.Equal(type, e.Value!["value"]!["type"]!.GetValue<string>()));
        }
    }

    internal static string? Validate(JsonObject schema, JsonNode? instance)
    {
        var built = JsonSchema.FromText(
            schema.ToJsonString(), baseUri: new Uri($"https://schemas.test/{Guid.NewGuid():N}.json"));
        var result = built.Evaluate(JsonSerializer.SerializeToElement(instance),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? null
            : string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));
    }

    private static IEnumerable<(string Where, JsonNode Schema, JsonNode? Example)> Examples(JsonNode document)
    {
        foreach (var (name, operation) in Operations(document))
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (parameter!.AsObject().TryGetPropertyValue("example", out var example)
                    && parameter["schema"] is { } schema)
                {
                    yield return ($"{name} parameter {parameter["name"]}", schema, example);
                }
            }

            var bodies = new List<(string, JsonNode?)> { ("request", operation["requestBody"]) };
            bodies.AddRange((operation["responses"]?.AsObject() ?? []).Select(r => ($"response {r.Key}", r.Value)));
            foreach (var (part, body) in bodies)
            {
                foreach (var (mediaType, media) in body?["content"]?.AsObject() ?? [])
                {
                    if (media?["schema"] is not { } schema)
                    {
                        continue;
                    }

                    if (media.AsObject().TryGetPropertyValue("example", out var example))
                    {
                        yield return ($"{name} {part} {mediaType}", schema, example);
                    }

                    foreach (var (key, named) in media["examples"]?.AsObject() ?? [])
                    {
                        yield return ($"{name} {part} {mediaType} example '{key}'", schema,
                            ExampleValue(document, named!));
                    }
                }
            }
        }
    }

    /// An example object's value, following a `$ref` to components/examples (the shared problem examples).
    private static JsonNode? ExampleValue(JsonNode document, JsonNode example)
    {
        if (example["$ref"]?.GetValue<string>() is not { } reference)
        {
            return example["value"];
        }

        const string prefix = "#/components/examples/";
        Assert.StartsWith(prefix, reference, StringComparison.Ordinal);
        var target = document["components"]?["examples"]?[reference[prefix.Length..]];
        Assert.True(target?["value"] is not null, $"{reference} does not resolve to an example with a value");
        return target!["value"];
    }

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var section in new[] { "paths", "webhooks" })
        {
            foreach (var (path, item) in document[section]?.AsObject() ?? [])
            {
                foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
                {
                    yield return ($"{method.ToUpperInvariant()} {section}:{path}", operation!);
                }
            }
        }
    }

    private async Task<JsonNode> GetDocumentAsync()
    {
        using var client = factory.CreateClient(apiKey: null);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
