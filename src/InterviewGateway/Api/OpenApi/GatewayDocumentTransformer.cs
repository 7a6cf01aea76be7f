using InterviewGateway.Vendors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// Document-wide parts: info, servers, described tags, and repairs of the generated schemas.
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

        TypedJson.Apply(document);
        RequiredNotNull(document);
        return Task.CompletedTask;
    }

    /// A required member of a request body ([Required], so validated as present and non-null) is generated as
    /// oneOf [null, X] when its C# type is nullable; generators then offer null. It is X.
    private static void RequiredNotNull(OpenApiDocument document)
    {
        foreach (var (component, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!component.EndsWith("Request", StringComparison.Ordinal)
                || schema is not OpenApiSchema { Properties: { } properties, Required: { } required })
            {
                continue;
            }

            foreach (var name in required.Where(properties.ContainsKey))
            {
                if (properties[name].OneOf is [{ Type: JsonSchemaType.Null }, var value])
                {
                    properties[name] = value;
                }
            }
        }
    }
}
