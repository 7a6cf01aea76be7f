using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// The event catalog's schemas, cut out of the generated OpenAPI document's `webhooks` section, so the
/// catalog and the document can never disagree. Built once per process (the document is static).
internal sealed class EventTypeSchemas(
    [FromKeyedServices(OpenApiSetup.DocumentName)] IOpenApiDocumentProvider documents)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<EventTypeResponse>? catalog;

    public async Task<IReadOnlyList<EventTypeResponse>> GetAsync(CancellationToken cancellationToken)
    {
        if (catalog is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            return catalog ??= await BuildAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<EventTypeResponse>> BuildAsync(CancellationToken cancellationToken)
    {
        var document = await documents.GetOpenApiDocumentAsync(cancellationToken);
        using var text = new StringWriter();
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        var root = JsonNode.Parse(text.ToString())!;
        var components = root["components"]?["schemas"]?.AsObject();
        return [.. EventCatalog.All.Select(definition =>
        {
            var post = root["webhooks"]![definition.Type]!["post"]!;
            var body = post["requestBody"]!["content"]![WebhooksTransformer.MediaType]!["schema"]!;
            var (thin, full) = body["anyOf"] is JsonArray both ? (both[0]!, both[1]!) : (body, body);
            return new EventTypeResponse(definition.Type, definition.Summary, definition.Description,
                EventTypes.SchemaVersion, ToElement(JsonSchemaExport.Standalone(thin, components)),
                ToElement(JsonSchemaExport.Standalone(full, components)));
        })];
    }

    private static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
