using InterviewGateway.Contracts;
using InterviewGateway.Events.Catalog;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// The OpenAPI 3.1 `webhooks` section: one POST per registered event type (EventCatalog), with the
/// Standard Webhooks headers, the thin and full payload schemas and an example of each. The thin schemas
/// are the components GET /v1/events lists (EventSchemas).
internal sealed class WebhooksTransformer : IOpenApiDocumentTransformer
{
    public const string MediaType = "application/json";

    public async Task TransformAsync(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var payload in EventCatalog.All.SelectMany(d => new[] { d.Payload, d.FullPayload }).Distinct())
        {
            var schema = await context.GetOrCreateSchemaAsync(payload, null, cancellationToken);
            UseResourceSchemas(schema, document);
            document.AddComponent(payload.Name, schema);
        }

        EventSchemas.Add(document);
        document.Webhooks = new Dictionary<string, IOpenApiPathItem>(StringComparer.Ordinal);
        foreach (var definition in EventCatalog.All)
        {
            document.Webhooks[definition.Type] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = Operation(definition, document),
                },
            };
        }
    }

    /// The schema of one event type's body: the payload record with `type` fixed to this event type.
    public static IOpenApiSchema PayloadSchema(Type payload, string eventType, OpenApiDocument document) =>
        new OpenApiSchema
    {
        AllOf =
        [
            new OpenApiSchemaReference(payload.Name, document),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string>(["type"], StringComparer.Ordinal),
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = eventType },
                },
            },
        ],
    };

    /// The payload's interview, transcript and subscription are the API's own resources: refer to their
    /// component schemas instead of the inline copies GetOrCreateSchemaAsync makes.
    private static void UseResourceSchemas(IOpenApiSchema payload, OpenApiDocument document)
    {
        if (payload.Properties is null || !payload.Properties.TryGetValue("data", out var value)
            || value is not OpenApiSchema { Properties: { } data })
        {
            return;
        }

        var resources = new Dictionary<string, string>
        {
            ["interview"] = nameof(InterviewResponse),
            ["transcript"] = nameof(TranscriptResponse),
            ["subscription"] = nameof(SubscriptionResponse),
        };
        foreach (var (property, component) in resources)
        {
            if (data.ContainsKey(property) && document.Components?.Schemas?.ContainsKey(component) == true)
            {
                data[property] = new OpenApiSchemaReference(component, document);
            }
        }
    }

    private static OpenApiOperation Operation(EventTypeDefinition definition, OpenApiDocument document)
    {
        var examples = new Dictionary<string, IOpenApiExample>
        {
            ["thin"] = new OpenApiExample
            {
                Summary = "thin subscription", Value = OpenApiSetup.ToNode(definition.Example),
            },
        };
        IOpenApiSchema schema = new OpenApiSchemaReference(EventSchemas.Component(definition.Type), document);
        if (definition.FullPayload != definition.Payload)
        {
            schema = new OpenApiSchema
            {
                AnyOf = [schema, PayloadSchema(definition.FullPayload, definition.Type, document)],
            };
        }

        if (definition.FullExample is not null)
        {
            examples["full"] = new OpenApiExample
            {
                Summary = "full subscription", Value = OpenApiSetup.ToNode(definition.FullExample),
            };
        }

        return new OpenApiOperation
        {
            OperationId = "On" + string.Concat(
                definition.Type.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
            Summary = definition.Summary,
            Description = definition.Description + " Verify the signature over the raw body before parsing it "
                + "(any Standard Webhooks library), dedupe on webhook-id, and order by `sequence` per interview.",
            Tags = new HashSet<OpenApiTagReference> { new(OpenApiTags.Webhooks, document) },
            Security = [],
            Parameters = StandardWebhookHeaders.All,
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description =
                    "The event, as stored and listed at GET /v1/events (full subscriptions: with the transcript).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [MediaType] = new OpenApiMediaType { Schema = schema, Examples = examples },
                },
            },
            Responses = new OpenApiResponses
            {
                ["2XX"] = new OpenApiResponse
                {
                    Description = "Any 2xx acknowledges the delivery; the body is ignored.",
                },
                ["410"] = new OpenApiResponse { Description = "Gone: the gateway disables the subscription at once." },
                ["default"] = new OpenApiResponse
                {
                    Description = "Anything else (3xx included, redirects are not followed) or no answer within 15 s "
                        + "fails the attempt; it is retried on the schedule (Retry-After on 429/503 is honoured).",
                },
            },
        };
    }
}
