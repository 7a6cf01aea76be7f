namespace InterviewGateway.Contracts;

internal enum OperationState
{
    Running,
    Completed,
    Failed,
}
