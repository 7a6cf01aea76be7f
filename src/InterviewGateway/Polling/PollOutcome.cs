namespace InterviewGateway.Polling;

/// What a poll did: `TrackedSince` is null when the interview needs no more polls.
internal sealed record PollOutcome(DateTimeOffset? TrackedSince, DateTimeOffset? NotBefore = null);
