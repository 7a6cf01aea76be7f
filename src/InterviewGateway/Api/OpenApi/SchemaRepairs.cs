using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// Where the generated schemas say less, or other, than the API does (issue 18: generators read them).
internal static class SchemaRepairs
{

    public static void Apply(OpenApiSchema schema, JsonTypeInfo type, JsonPropertyInfo? property)
    {
        // Timestamps go through UtcTimestampConverter, and a custom converter loses the schema's type.
        if (schema.Format == "date-time" && schema.Type is null)
        {
            var nullable = Nullable.GetUnderlyingType(property?.PropertyType ?? type.Type) is not null;
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
        }

        // Enums are written by JsonStringEnumConverter, another converter the generator cannot see through.
        // They are components, so a nullable one is already oneOf [null, enum].
        if (schema.Enum is { Count: > 0 } values && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. values.Where(v => v is not null)];
        }

        // A map whose values may be null (a merge patch's "remove this key"): the runtime type cannot say so,
        // the nullable annotation can.
        if (property?.AttributeProvider is PropertyInfo info
            && schema.AdditionalProperties is OpenApiSchema { Type: { } valueType } map
            && new NullabilityInfoContext().Create(info).GenericTypeArguments is [_, var value]
            && value.ReadState == NullabilityState.Nullable)
        {
            map.Type = valueType | JsonSchemaType.Null;
        }

        // The web defaults also read numbers from strings, so numbers came out as "integer or string"; the
        // API writes numbers, and a caller should send them.
        if (schema.Type is { } both && both.HasFlag(JsonSchemaType.String)
            && (both.HasFlag(JsonSchemaType.Integer) || both.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = both & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // A required request field is validated as present and non-null; documenting it as nullable made
        // generators take null.
        if (property is not null && IsRequest(property.DeclaringType) && IsRequired(property)
            && schema.Type is { } type2 && type2.HasFlag(JsonSchemaType.Null))
        {
            schema.Type = type2 & ~JsonSchemaType.Null;
        }

        // Request records list every constructor parameter as required; only [Required] ones are.
        if (type.Kind == JsonTypeInfoKind.Object && IsRequest(type.Type))
        {
            schema.Required = new HashSet<string>(type.Properties.Where(IsRequired).Select(p => p.Name),
                StringComparer.Ordinal);
        }
    }

    private static bool IsRequest(Type type) =>
        type.Namespace == typeof(Contracts.ParticipantInput).Namespace
        && (type.Name.EndsWith("Request", StringComparison.Ordinal)
            || type.Name.EndsWith("Input", StringComparison.Ordinal));

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true;
}
