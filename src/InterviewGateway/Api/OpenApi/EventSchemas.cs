using InterviewGateway.Events.Catalog;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// One component per event type (`InterviewCompletedEvent`, ...: the payload with `type` fixed), the
/// `Event` union of them with a discriminator on `type`, and GET /v1/events typed as a list of `Event`.
/// The webhooks section refers to the same components, so a generated client has one class per event.
internal static class EventSchemas
{
    public const string Union = "Event";
    private const string List = "ListResponseOfEvent";
    private const string ListOperation = "ListEvents";
    private const string Untyped = "ListResponseOfJsonElement";

    public static string Component(string eventType) =>
        string.Concat(eventType.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Event";

    public static void Add(OpenApiDocument document)
    {
        foreach (var definition in EventCatalog.All)
        {
            document.AddComponent(Component(definition.Type),
                WebhooksTransformer.PayloadSchema(definition.Payload, definition.Type, document));
        }

        document.AddComponent<IOpenApiSchema>(Union, new OpenApiSchema
        {
            Description = "An event; `type` says which",
            OneOf = [.. EventCatalog.All.Select(d => (IOpenApiSchema)Reference(d.Type, document))],
            Discriminator = new OpenApiDiscriminator
            {
                PropertyName = "type",
                Mapping = EventCatalog.All.ToDictionary(d => d.Type, d => Reference(d.Type, document),
                    StringComparer.Ordinal),
            },
        });
        document.AddComponent<IOpenApiSchema>(List, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(["data", "next_cursor"], StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["data"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(Union, document),
                },
                ["next_cursor"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        });
        UseTypedList(document);
    }

    private static OpenApiSchemaReference Reference(string eventType, OpenApiDocument document) =>
        new(Component(eventType), document);

    private static void UseTypedList(OpenApiDocument document)
    {
        var list = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .Single(o => o.OperationId == ListOperation);
        foreach (var response in list.Responses?.Where(r => r.Key.StartsWith('2')).Select(r => r.Value) ?? [])
        {
            if (response.Content?.TryGetValue("application/json", out var json) == true)
            {
                json.Schema = new OpenApiSchemaReference(List, document);
            }
        }

        document.Components?.Schemas?.Remove(Untyped);
    }
}
