namespace InterviewGateway.Polling;

/// Polling:Plan. Uniform suits a vendor whose completions do not depend on an interview's age.
internal enum PollPlanMode
{
    AgeAware,
    Uniform,
}
