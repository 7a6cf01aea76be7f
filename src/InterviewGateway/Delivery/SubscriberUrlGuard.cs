using System.Net;
using System.Net.Sockets;
using InterviewGateway.Api.Errors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Keeps subscriber URLs from pointing the gateway at itself or its network (SSRF): https only, and no
/// loopback, private, link-local, CGNAT, multicast or IPv4-mapped forms of those, checked when a URL is
/// registered (CheckAsync) and again on every connection the delivery client opens (ConnectAsync).
internal sealed class SubscriberUrlGuard(IOptionsMonitor<WebhookOptions> options)
{
    public async Task<Uri> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url!.Length > 2000)
        {
            throw ApiProblemException.Validation("url", "url must be an absolute https URL of at most 2000 characters.");
        }

        if (uri.Scheme == "http" && !options.CurrentValue.AllowInsecureUrls)
        {
            throw ApiProblemException.Validation("url", "url must use https (plain http needs Webhooks:AllowInsecureUrls).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ApiProblemException.Validation("url", "url must not carry credentials.");
        }

        if (options.CurrentValue.AllowPrivateNetworks)
        {
            return uri;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            throw ApiProblemException.Validation("url", $"The host '{uri.Host}' does not resolve.");
        }

        if (addresses.Length == 0 || addresses.Any(IsForbidden))
        {
            throw ApiProblemException.Validation("url", "url resolves to a private, loopback or otherwise internal address.");
        }

        return uri;
    }

    /// The connect-time half of the guard, used as the delivery handler's ConnectCallback: resolves the
    /// host itself and refuses to connect when any of its addresses is internal, so a name that resolved
    /// to a public address at registration cannot be rebound to an internal one before a delivery. The
    /// socket goes to an address that was checked, not to whatever a second lookup would return.
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.StartsWith('[') && endPoint.Host.EndsWith(']') ? endPoint.Host[1..^1] : endPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!options.CurrentValue.AllowPrivateNetworks && Array.Find(addresses, IsForbidden) is { } forbidden)
        {
            throw new ForbiddenAddressException(host, forbidden);
        }

        for (var i = 0; ; i++)
        {
            var socket = new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses[i], endPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException) when (i < addresses.Length - 1)
            {
                socket.Dispose(); // try the next address, as the default connect does
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return IsForbiddenIPv4(address.GetAddressBytes());
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbiddenIPv4(address.MapToIPv4().GetAddressBytes());
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var b = address.GetAddressBytes();

        // IPv4-compatible ::a.b.c.d (this also covers :: and ::1, whose "embedded" 0.0.0.0 and 0.0.0.1 are in 0/8).
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsForbiddenIPv4(b.AsSpan(12, 4));
        }

        // NAT64 64:ff9b::/96: the gateway's NAT64 would translate it to the embedded IPv4 address.
        if (b.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            return IsForbiddenIPv4(b.AsSpan(12, 4));
        }

        // 6to4 2002::/16: the embedded IPv4 address (bytes 2-5) is the relay's destination.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsForbiddenIPv4(b.AsSpan(2, 4));
        }

        return false;
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    private static bool IsForbiddenIPv4(ReadOnlySpan<byte> b) =>
        b[0] == 0 // "this network", including 0.0.0.0
        || b[0] == 10
        || b[0] == 127
        || (b[0] == 100 && b[1] is >= 64 and <= 127) // CGNAT
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] is >= 16 and <= 31)
        || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
        || b[0] >= 224; // multicast, reserved and broadcast
}

/// A delivery refused at connect time because the subscriber's host resolved to an internal address.
/// DeliveryService records it with its own error class, "forbidden_address".
internal sealed class ForbiddenAddressException(string host, IPAddress address)
    : HttpRequestException(HttpRequestError.ConnectionError, $"The address {address} of '{host}' is not allowed for webhook delivery: it is loopback, private or otherwise internal.")
{
    public IPAddress Address { get; } = address;
}
