namespace InterviewGateway.Contracts;

/// Declared in lifecycle order: a status only moves forward (contract section 3).
internal enum InterviewStatus
{
    Unknown,
    Created,
    Invited,
    Scheduled,
    InProgress,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
