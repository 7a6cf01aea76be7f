using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// The headers every delivery carries (https://www.standardwebhooks.com/), as OpenAPI header parameters.
internal static class StandardWebhookHeaders
{
    public static List<IOpenApiParameter> All =>
    [
        Header("webhook-id", "The event id; the same on every attempt of one event: dedupe on it.",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^evt_[A-Za-z0-9_]+$" },
            "evt_3b8f0c2a91d4e5f60718293a4b"),
        Header("webhook-timestamp", "When this attempt was signed, Unix seconds; reject it when far from now (replay).",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" },
            "1793716200"),
        Header("webhook-signature",
            "Space-separated `v1,<base64 HMAC-SHA256>` signatures of `{webhook-id}.{webhook-timestamp}.{raw body}`, "
                + "keyed with the base64 bytes after `whsec_`; two while a rotated secret still signs.",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$" },
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        Header("user-agent", "InterviewGateway/<version>",
            new OpenApiSchema { Type = JsonSchemaType.String }, "InterviewGateway/1.0.0"),
    ];

    private static OpenApiParameter Header(string name, string description, OpenApiSchema schema, string example) =>
        new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = name != "user-agent",
        Description = description,
        Schema = schema,
        Example = JsonValue.Create(example),
    };
}
