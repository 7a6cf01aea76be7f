namespace InterviewGateway.Infrastructure.Hangfire;

/// An area's recurring jobs (registered as a singleton; the keeper asks every source).
internal interface IRecurringJobSource
{
    IEnumerable<RecurringJobDefinition> Jobs { get; }
}
