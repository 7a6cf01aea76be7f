using InterviewGateway.Contracts;

namespace InterviewGateway.Operations;

/// A long-running piece of work started by a request and finished by whichever instance holds its lease.
/// `Resume` is where the work continues after a takeover (for recover: the recorded time of the last
/// event it handled); re-handling what lies between the last save and a crash must be harmless.
internal sealed record Operation(
    string Id, string Kind, string Subject, DateTimeOffset Since, OperationState State, long Scanned,
    long Enqueued, DateTimeOffset? Resume, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public OperationResponse ToResponse() =>
        new(Id, Kind, State, Subject, Since, Scanned, Enqueued, Error, CreatedAt, UpdatedAt);
}
