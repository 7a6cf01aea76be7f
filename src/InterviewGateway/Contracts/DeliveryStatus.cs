namespace InterviewGateway.Contracts;

internal enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}
