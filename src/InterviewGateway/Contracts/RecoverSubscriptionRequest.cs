using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

internal sealed record RecoverSubscriptionRequest(
    [property: Required, MaxLength(64),
        Description("RFC 3339 time: redeliver failed events since then (at most 30 days ago)")] string? Since);
