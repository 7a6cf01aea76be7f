namespace InterviewGateway.Client;

/// <summary>Names the OpenAPI operation a client method calls (a test checks every operation has one).</summary>
/// <param name="operationId">The <c>operationId</c> in the gateway's OpenAPI document.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OperationIdAttribute(string operationId) : Attribute
{
    /// <summary>The <c>operationId</c> in the gateway's OpenAPI document.</summary>
    public string OperationId { get; } = operationId;
}
