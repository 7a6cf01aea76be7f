using InterviewGateway.Vendors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// Document-wide parts: info, servers, described tags, and one repair of the generated schemas.
internal sealed class GatewayDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var catalog = context.ApplicationServices.GetRequiredService<VendorCatalog>();
        document.Info = new OpenApiInfo
        {
            Title = "InterviewGateway",
            Version = "v1",
            Description = "One REST API and one webhook stream for "
                + VendorText.List(catalog.All.Select(v => v.Key.DisplayName), "and") + " interviews. "
                + "Errors are application/problem+json (RFC 9457); JSON is snake_case; lists use cursor pagination. "
                + "Authorize with an API key (Bearer); the webhooks section describes what subscribers receive.",
            License = new OpenApiLicense { Name = "Proprietary (internal use)", Identifier = "LicenseRef-Proprietary" },
        };
        // Relative: the gateway that serves this document (Swagger UI's "Try it out" calls the same host).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway serving this document" }];
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            tags.UnionWith(operation.Tags?.Select(t => t.Name ?? "") ?? []);
        }

        tags.Add(OpenApiTags.Webhooks);
        document.Tags = new HashSet<OpenApiTag>(tags.Select(name => new OpenApiTag
        {
            Name = name,
            Description = OpenApiTags.Descriptions.GetValueOrDefault(name),
        }));

        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            UnwrapNullableJson(schema);
        }

        return Task.CompletedTask;
    }

    /// A nullable JsonElement is generated as oneOf [null, JsonElement]; JsonElement ({}) also matches null,
    /// so no value could match exactly one branch. JsonElement alone already allows null.
    private static void UnwrapNullableJson(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }

        foreach (var (name, property) in properties.ToList())
        {
            if (property.OneOf is
                [{ Type: JsonSchemaType.Null }, OpenApiSchemaReference { Reference.Id: "JsonElement" } json])
            {
                properties[name] = json;
            }
        }
    }
}
