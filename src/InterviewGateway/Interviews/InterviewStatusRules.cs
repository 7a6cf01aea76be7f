using InterviewGateway.Contracts;

namespace InterviewGateway.Interviews;

internal static class InterviewStatusRules
{
    /// The status to keep when a vendor reports `observed`: never backwards, never out of a final
    /// status, and `unknown` never replaces a known one.
    public static InterviewStatus Advance(InterviewStatus current, InterviewStatus observed)
    {
        if (current == InterviewStatus.Unknown)
        {
            return observed;
        }

        if (observed == InterviewStatus.Unknown || current.IsTerminal())
        {
            return current;
        }

        return observed > current ? observed : current;
    }
}
