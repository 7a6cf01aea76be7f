using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Vendors;

/// Vendor wire JSON: the vendor's naming, nulls left out of requests, unknown reply fields ignored
/// (the gateway's strict request parsing never applies to vendor replies).
internal static class VendorJson
{
    public static JsonSerializerOptions Create(JsonNamingPolicy naming) => new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = naming,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
