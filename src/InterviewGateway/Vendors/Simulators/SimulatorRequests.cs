using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewGateway.Vendors.Simulators;

internal static class SimulatorRequests
{
    /// The request body as a JSON object, or null when it is not one (simulators answer 400 then).
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return body as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
