using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Infrastructure.Idempotency;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Vendors;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    private const string SchemeId = "bearer";

    public static void AddGatewayOpenApi(this IServiceCollection services) => services
        .AddSingleton<EventTypeSchemas>()
        .AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("sandbox",
                StringComparison.Ordinal) != true;
            options.AddDocumentTransformer<GatewayDocumentTransformer>();
            options.AddDocumentTransformer<WebhooksTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key from Gateway:ApiKeys, sent as 'Authorization: Bearer <key>'. "
                        + "In Swagger UI, press Authorize and paste the key alone (no 'Bearer ' prefix).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var catalog = context.ApplicationServices.GetRequiredService<VendorCatalog>();
                ParameterSchemas.Apply(operation, context);
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    parameter.Description = parameter.Description is { } description
                        ? VendorText.Fill(description, catalog)
                        : null;
                }

                if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId,
                        context.Document)] = [] }];
                }
                else
                {
                    operation.Security = []; // explicitly anonymous (e.g. vendor webhooks carry their own signature)
                }

                ResponseHeaders.Apply(operation, context.Document!,
                    metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(),
                    metadata.OfType<IdempotencyKeyMetadata>().Any());
                if (metadata.OfType<IdempotencyKeyMetadata>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyFilter.Header,
                        In = ParameterLocation.Header,
                        Description = "Replays within 24 h return the first response (with Idempotent-Replayed: "
                            + "true); while the first is still running 409, reuse with another body 422.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    });
                }

                var examples = metadata.OfType<OpenApiExamplesMetadata>().LastOrDefault();
                if (examples?.Request is { } request && operation.RequestBody?.Content is { } requestContent)
                {
                    foreach (var media in requestContent.Values)
                    {
                        media.Example = ToNode(request);
                    }
                }

                var example = metadata.OfType<CatalogExample>().LastOrDefault()?.Response(catalog)
                    ?? examples?.Response;
                if (example is not null
                    && operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value?.Content
                        is { } responseContent
                    && responseContent.TryGetValue("application/json", out var json))
                {
                    json.Example = ToNode(example);
                }

                if (metadata.OfType<AlsoProducesText>().LastOrDefault() is { } text
                    && operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value?.Content is { } okContent)
                {
                    foreach (var mediaType in text.MediaTypes)
                    {
                        okContent[mediaType] = new OpenApiMediaType
                        {
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        };
                    }
                }

                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response.Content?.TryGetValue("application/problem+json", out var problem) == true
                        && context.Document is { } document)
                    {
                        problem.Examples = new Dictionary<string, IOpenApiExample>
                        {
                            ["problem"] = ProblemSchema.ExampleReference(
                                int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), document),
                        };
                    }
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo is null && ProblemSchema.Applies(context.JsonTypeInfo.Type))
                {
                    ProblemSchema.Apply(schema);
                }

                OmittedWhenNull.Apply(schema, context.JsonTypeInfo);
                SchemaRepairs.Apply(schema, context.JsonTypeInfo, context.JsonPropertyInfo);

                // An enum first met as a nullable property comes out with null among its values and no
                // type; the property's oneOf already allows null, so the enum itself lists only strings.
                var type = context.JsonTypeInfo.Type;
                if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema.Enum?.Any(v => v is null) == true)
                {
                    schema.Enum = [.. schema.Enum.Where(v => v is not null)];
                    schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
                }

                // Vendor fields list the registered vendors, read from the catalog (no vendor is named here).
                var catalog = context.ApplicationServices.GetRequiredService<VendorCatalog>();
                if (context.JsonPropertyInfo?.Name == "vendor" && context.JsonTypeInfo.Type == typeof(string))
                {
                    schema.Enum = [.. catalog.All.Select(d => (JsonNode)JsonValue.Create(d.Key.Value))];
                    if (schema.Type?.HasFlag(Microsoft.OpenApi.JsonSchemaType.Null) == true)
                    {
                        schema.Enum.Add(null!); // a nullable vendor field
                    }
                }

                if (schema is OpenApiSchema { Description: { } description } described)
                {
                    described.Description = VendorText.Fill(description, catalog);
                }

                return Task.CompletedTask;
            });
        });

    /// Swagger UI at /swagger: Authorize with an API key, then "Try it out" starts from the examples.
    public static void UseGatewaySwaggerUi(this WebApplication app) => app.UseSwaggerUI(o =>
    {
        o.SwaggerEndpoint($"/openapi/{DocumentName}.json", "InterviewGateway v1");
        o.RoutePrefix = "swagger";
        o.DocumentTitle = "InterviewGateway API";
        o.EnableTryItOutByDefault();
        o.DisplayRequestDuration();
        o.DisplayOperationId();
    });

    public static RouteHandlerBuilder WithExamples(
        this RouteHandlerBuilder builder, object? request, object? response) =>
        builder.WithMetadata(new OpenApiExamplesMetadata(request, response));

    /// A 2xx example built from the registered vendors when the document is generated.
    public static RouteHandlerBuilder WithExample(
        this RouteHandlerBuilder builder, Func<VendorCatalog, object> response) =>
        builder.WithMetadata(new CatalogExample(response));

    /// 400, 401, 403, 404, 413, 429 and 500 can happen on every authenticated operation.
    public static RouteGroupBuilder WithStandardProblems(this RouteGroupBuilder group) => group
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status500InternalServerError);

    /// Operations that call a vendor can also fail there.
    public static RouteHandlerBuilder WithVendorProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status502BadGateway)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    internal static JsonNode? ToNode(object value) =>
        JsonSerializer.SerializeToNode(value, value.GetType(), GatewayJson.Api);

}
