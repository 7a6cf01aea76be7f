using System.Reflection;
using System.Text.Json.Nodes;
using InterviewGateway.Events;
using InterviewGateway.Vendors;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// Replaces the `string` schema of every parameter marked [DocumentedAs] with its real type.
internal static class ParameterSchemas
{
    public static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var catalog = context.ApplicationServices.GetRequiredService<VendorCatalog>();
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.GetCustomAttribute<DocumentedAsAttribute>() is { } documented
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name)
                    is { } parameter)
            {
                parameter.Schema = Schema(documented, catalog, context.Document!);
            }
        }
    }

    private static IOpenApiSchema Schema(DocumentedAsAttribute documented, VendorCatalog catalog,
        OpenApiDocument document) => documented.Kind switch
    {
        ParameterKind.PageSize => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
            Maximum = QueryParsing.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(QueryParsing.DefaultLimit),
        },
        ParameterKind.Flag => new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) },
        ParameterKind.Timestamp => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        ParameterKind.OneOf when documented.Enum is { } type => new OpenApiSchemaReference(type.Name, document),
        ParameterKind.OneOf => Strings(documented.Values, documented.Default),
        ParameterKind.Vendor => Strings(catalog.All.Select(v => v.Key.Value), null),
        ParameterKind.WebhookVendor => Strings(
            catalog.All.Where(v => v.Capabilities.Webhooks).Select(v => v.Key.Value), null),
        ParameterKind.EventType => Strings(EventTypes.All, null),
        _ => throw new ArgumentOutOfRangeException(nameof(documented), documented.Kind, null),
    };

    private static OpenApiSchema Strings(IEnumerable<string> values, string? defaultValue) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
        Default = defaultValue is null ? null : JsonValue.Create(defaultValue),
    };
}
