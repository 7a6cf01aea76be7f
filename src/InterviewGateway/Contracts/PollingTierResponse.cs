namespace InterviewGateway.Contracts;

/// One age tier of the polling plan: how often its interviews are wanted and actually polled.
internal sealed record PollingTierResponse(string Age, long Tracked, double WantedSeconds, double EffectiveSeconds);
