namespace InterviewGateway.Client.Models;

/// <summary>
/// A long-running piece of work the gateway does after answering 202, such as a subscription's recovery.
/// Read it again with <c>GetOperationAsync</c>, or wait for its end with <c>WaitForOperationAsync</c>.
/// </summary>
/// <param name="Id">Operation id.</param>
/// <param name="Kind">What it does, e.g. <c>subscription.recover</c>.</param>
/// <param name="State">Running, completed or failed.</param>
/// <param name="SubscriptionId">The subscription it works on.</param>
/// <param name="Since">Events recorded at or after this time are scanned.</param>
/// <param name="Scanned">Events read from the log so far.</param>
/// <param name="Enqueued">Events queued for redelivery so far.</param>
/// <param name="Error">Why it failed; null unless it failed.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">When its progress last changed.</param>
public sealed record Operation(
    string Id, string Kind, OperationState State, string SubscriptionId, DateTimeOffset Since, long Scanned,
    long Enqueued, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>True once it completed or failed: it changes no more.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => State is not OperationState.Running;
}

/// <summary>Where an <see cref="Operation"/> is.</summary>
public enum OperationState
{
    /// <summary>Still working.</summary>
    Running,

    /// <summary>Done; its counts are final.</summary>
    Completed,

    /// <summary>Stopped; <see cref="Operation.Error"/> says why.</summary>
    Failed,
}
