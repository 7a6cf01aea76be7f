using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;

namespace InterviewGateway.Api.OpenApi;

/// A property marked [JsonIgnore(WhenWritingNull)] is left out of the body when null (e.g. vendor_data
/// without include=vendor_data), so the schema must not list it as required.
internal static class OmittedWhenNull
{
    public static void Apply(OpenApiSchema schema, JsonTypeInfo type)
    {
        if (schema.Required is not { Count: > 0 } required || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                .OfType<JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault)
            {
                required.Remove(property.Name);
            }
        }
    }
}
