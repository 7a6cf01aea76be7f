using System.Net;

namespace InterviewGateway.Delivery;

/// A delivery refused at connect time because the subscriber's host resolved to an internal address.
/// WebhookSender records it with its own error class, "forbidden_address".
internal sealed class ForbiddenAddressException(string host, IPAddress address)
    : HttpRequestException(HttpRequestError.ConnectionError, $"The address {address} of '{host}' is not allowed "
        + "for webhook delivery: it is loopback, private or otherwise internal.")
{
    public IPAddress Address { get; } = address;
}
