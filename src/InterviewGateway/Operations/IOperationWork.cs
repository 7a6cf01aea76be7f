namespace InterviewGateway.Operations;

/// The work behind one operation kind, registered as a keyed service under that kind.
internal interface IOperationWork
{
    /// Continues `operation` from its `Resume` point and returns it finished (state is set by the
    /// runner). `save` records progress; it throws `OperationLeaseLostException` once another instance
    /// took the operation over.
    Task<Operation> RunAsync(Operation operation, Func<Operation, CancellationToken, Task> save,
        CancellationToken cancellationToken);
}

internal sealed class OperationLeaseLostException(string id)
    : Exception($"Operation {id} is leased to another instance.");
