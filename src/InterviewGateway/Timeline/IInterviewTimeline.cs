namespace InterviewGateway.Timeline;

/// Per interview, everything the gateway did for it in the order it was recorded, kept as long as
/// events (`Retention:Events`) and at most `MaxEntries` (the oldest go first). Cursors are positions.
internal interface IInterviewTimeline
{
    public const int MaxEntries = 2000;

    /// Appends `entries` in order, in one write.
    Task AppendAsync(string interviewId, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// Oldest first, from position `start`; the next page's position, or null at the end.
    Task<(IReadOnlyList<TimelineEntry> Items, long? Next)> ListAsync(string interviewId, long start, int limit,
        CancellationToken cancellationToken);
}
