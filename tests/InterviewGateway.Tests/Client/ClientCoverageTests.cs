using System.Reflection;
using InterviewGateway.Client;
using InterviewGateway.Client.Webhooks;

namespace InterviewGateway.Tests.Client;

/// The client keeps up with the committed OpenAPI document: every operation has a method (found by its
/// [OperationId]), no method names an operation that is gone, and every event type has a class.
public sealed class ClientCoverageTests
{
    /// Called by vendors, never by the gateway's users: a client method would have nothing to send.
    private static readonly string[] NotForClients = ["ReceiveVendorWebhook"];

    private static readonly SortedSet<string> Documented = new(
        OpenApiDocument.Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                && operation.Value.TryGetProperty("operationId", out _))
            .Select(operation => operation.Value.GetProperty("operationId").GetString()!),
        StringComparer.Ordinal);

    private static readonly SortedSet<string> Implemented = new(
        typeof(IInterviewGatewayClient).GetMethods()
            .Select(m => m.GetCustomAttribute<OperationIdAttribute>()?.OperationId)
            .OfType<string>(), StringComparer.Ordinal);

    [Fact]
    public void Every_documented_operation_has_a_client_method()
    {
        var missing = Documented.Except(NotForClients).Except(Implemented).ToList();
        Assert.True(missing.Count == 0, "No client method for: " + string.Join(", ", missing));
        Assert.True(Documented.Count > 20, $"Only {Documented.Count} operations read: is the document's path right?");
    }

    [Fact]
    public void Every_client_method_names_a_documented_operation()
    {
        var methods = typeof(IInterviewGatewayClient).GetMethods();
        Assert.All(methods, m => Assert.NotNull(m.GetCustomAttribute<OperationIdAttribute>()));
        var stale = Implemented.Except(Documented).ToList();
        Assert.True(stale.Count == 0, "Client methods name operations the document lacks: " + string.Join(", ", stale));
    }

    [Fact]
    public void Every_documented_event_type_has_a_typed_class()
    {
        var documented = OpenApiDocument.Root.GetProperty("webhooks").EnumerateObject().Select(w => w.Name).Order();
        Assert.Equal(documented, WebhookEvents.Types.Keys.Order());
        Assert.All(WebhookEvents.Types.Values, t => Assert.True(t.IsSubclassOf(typeof(WebhookEvent))));
    }
}
