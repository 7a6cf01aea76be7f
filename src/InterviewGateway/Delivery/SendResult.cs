using InterviewGateway.Contracts;
using System.Net;

namespace InterviewGateway.Delivery;

/// One HTTP attempt as the sender saw it: the attempt log line (status Succeeded or Failed), and what
/// the retry policy needs. `ErrorClass` is null on success, else e.g. `http_status`, `timeout`, `dns`.
internal sealed record SendResult(DeliveryAttempt Attempt, int? StatusCode, string? ErrorClass, TimeSpan? RetryAfter)
{
    public bool Succeeded => Attempt.Status == DeliveryStatus.Succeeded;

    /// 410 Gone: the subscriber asks to stop; nothing is retried.
    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;

    public bool TimedOut => ErrorClass == "timeout";
}
