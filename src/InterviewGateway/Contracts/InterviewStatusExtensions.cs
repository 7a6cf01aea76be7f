namespace InterviewGateway.Contracts;

internal static class InterviewStatusExtensions
{
    /// The final statuses (contract section 3): nothing moves an interview out of them.
    public static bool IsTerminal(this InterviewStatus status) =>
        status is InterviewStatus.Completed or InterviewStatus.Failed or InterviewStatus.Cancelled;
}
